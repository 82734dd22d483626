import { criticalPath, type Timed } from '../../../scripts/bench/critical-path';

/** A logged request: [name, start, end (undefined: never finished), new connection?] */
type Req = Timed & { name: string };
const req = (name: string, start: number, end: number | undefined, newConn = false): Req => ({
  name,
  start,
  end,
  newConn
});
const names = (xs: Req[]) => xs.map((r) => r.name);

describe('criticalPath', () => {
  test('an empty log has no path and costs nothing', () => {
    const p = criticalPath<Req>([], 2);
    expect(p.chain).toEqual([]);
    expect(p.rtts).toBe(0);
  });

  test('requests one after another on one connection: all on the path, the first pays the handshake', () => {
    const log = [req('ping', 0, 10, true), req('token', 10, 20), req('put', 20, 30)];
    const p = criticalPath(log, 2);
    expect(names(p.chain)).toEqual(['ping', 'token', 'put']);
    expect(p.rtts).toBe(3 + 1 + 1);
    expect(log.map((r) => p.depth.get(r))).toEqual([1, 2, 3]);
    expect(p.pred.get(log[0])).toBeUndefined();
    expect(p.pred.get(log[2])).toBe(log[1]);
  });

  test('a parallel wave: the path goes through the member that finished last before the next step', () => {
    const log = [
      req('ping', 0, 10, true),
      req('a', 12, 40, true),
      req('b', 12, 50, true),
      req('c', 12, 45),
      req('list', 52, 60)
    ];
    const p = criticalPath(log, 2);
    expect(names(p.chain)).toEqual(['ping', 'b', 'list']);
    expect(p.rtts).toBe(3 + 3 + 1);
    expect(log.map((r) => p.depth.get(r))).toEqual([1, 2, 2, 2, 3]);
  });

  test('overlapping requests do not wait on each other; one that ended exactly at the start does', () => {
    const overlap = [req('a', 0, 10), req('b', 5, 15)];
    expect(criticalPath(overlap, 2).pred.get(overlap[1])).toBeUndefined();
    expect(names(criticalPath(overlap, 2).chain)).toEqual(['b']);
    const touching = [req('a', 0, 10), req('b', 10, 15)];
    expect(criticalPath(touching, 2).pred.get(touching[1])).toBe(touching[0]);
  });

  test('a request started at the same instant is no predecessor, even if it ended (zero length)', () => {
    const log = [req('a', 5, 5), req('b', 5, 9)];
    expect(criticalPath(log, 2).pred.get(log[1])).toBeUndefined();
  });

  test('a request that never finished is neither waited on nor the end of the path', () => {
    const log = [req('a', 0, 10), req('dropped', 2, undefined), req('c', 11, 20)];
    const p = criticalPath(log, 2);
    expect(names(p.chain)).toEqual(['a', 'c']);
    expect(p.depth.get(log[1])).toBe(1);
  });

  test('the log order does not matter, and the handshake cost is the one given', () => {
    const log = [req('put', 20, 30), req('ping', 0, 10, true), req('token', 10, 20, true)];
    const p = criticalPath(log, 0);
    expect(names(p.chain)).toEqual(['ping', 'token', 'put']);
    expect(p.rtts).toBe(3);
    expect(criticalPath(log, 5).rtts).toBe(6 + 6 + 1);
  });
});
