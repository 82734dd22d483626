/** putConverged (issue 17.3) against a stand-in for the registry client: converging, and giving up. */
import { AMEND_ROUNDS, AmendConflictError, putConverged } from '../../src/steps/amend';
import { type Logger } from '../../src/model/logger';
import { MediaType } from '../../src/model/manifest';
import { type Plan } from '../../src/model/plan';
import { parseReference, asTagReference } from '../../src/model/reference';
import { type RegistryClient } from '../../src/registry/client';

const dg = (c: string) => 'sha256:' + c.repeat(64);
const tag = asTagReference(parseReference('r.example/o/app:latest'));
const logged: string[] = [];
const log: Logger = {
  info: (m) => logged.push(m),
  warning: () => undefined,
  debug: () => undefined,
  secret: () => undefined,
  group: (_n, fn) => fn()
};

/** A list holding these entries, as the registry would serve it; its digest is `id`. */
const list = (id: string, entries: string[]) => ({
  digest: dg(id),
  mediaType: MediaType.OciIndex,
  bytes: Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.OciIndex,
      manifests: entries.map((e) => ({ mediaType: MediaType.OciManifest, digest: dg(e), size: 1 }))
    })
  )
});
const plan = (id: string) => ({ list: { digest: dg(id) } }) as unknown as Plan;

/** A tag whose reads answer from `holds`, which the test's puts and other writers change. */
function fakeTag(initial: ReturnType<typeof list>) {
  let holds = initial;
  const client = {
    headManifest: async () => ({ digest: holds.digest }),
    getManifest: async () => holds
  } as unknown as RegistryClient;
  return { client, set: (l: ReturnType<typeof list>) => (holds = l) };
}

beforeEach(() => logged.splice(0));

test("another run's list lands right after this run's PUT: merge again, put again, done", async () => {
  const t = fakeTag(list('0', ['a']));
  let puts = 0;
  const done = await putConverged(
    t.client,
    tag,
    { plan: plan('1'), base: dg('0') },
    new Set([dg('b')]),
    {
      // Merged onto the other run's list (a + c) with ours (b).
      replan: async () => ({ plan: plan('3'), base: dg('2') }),
      push: async (p) => {
        puts++;
        // The first PUT is overwritten at once by the other run's list, which lacks b.
        t.set(puts === 1 ? list('2', ['a', 'c']) : list(p.list.digest.slice(-1), ['a', 'b', 'c']));
      }
    },
    log
  );
  expect(done.list.digest).toBe(dg('3'));
  expect(puts).toBe(2);
  expect(logged.join('\n')).toMatch(/moved after this run's PUT .*without 1 of this run's entries\); merging again/);
});

test("another run's list holding this run's entries lands after the PUT: merged onto, so the outputs name what the tag holds", async () => {
  const t = fakeTag(list('0', ['a']));
  let puts = 0;
  const done = await putConverged(
    t.client,
    tag,
    { plan: plan('1'), base: dg('0') },
    new Set([dg('b')]),
    {
      replan: async () => ({ plan: plan('4'), base: dg('2') }),
      push: async (p) => {
        puts++;
        // The other run read this run's list and put a + b + c over it: a superset, another digest.
        t.set(puts === 1 ? list('2', ['a', 'b', 'c']) : list(p.list.digest.slice(-1), ['a', 'b', 'c']));
      }
    },
    log
  );
  expect(done.list.digest).toBe(dg('4'));
  expect(puts).toBe(2);
  expect(logged.join('\n')).toMatch(/moved after this run's PUT .*without 0 of this run's entries\); merging again/);
});

test('a tag that changes before every PUT: fails after the bounded rounds, naming the tag and what it holds', async () => {
  let n = 0;
  const client = {
    headManifest: async () => ({ digest: dg(String(++n % 10)) }),
    getManifest: async () => list('9', ['a'])
  } as unknown as RegistryClient;
  let puts = 0;
  const run = putConverged(
    client,
    tag,
    { plan: plan('e'), base: dg('0') },
    new Set([dg('b')]),
    { replan: async () => ({ plan: plan('e'), base: dg('f') }), push: async () => void puts++ },
    log
  );
  await expect(run).rejects.toThrow(AmendConflictError);
  await expect(run).rejects.toThrow(
    `amend r.example/o/app:latest: the tag kept changing while this run merged onto it (${AMEND_ROUNDS} rounds`
  );
  expect(puts).toBe(0);
});
