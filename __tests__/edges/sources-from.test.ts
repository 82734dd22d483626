/** sources-from's paths and globs on a real directory tree: sorted path order, no match is an error naming the pattern. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readSourceFiles, segmentRegExp } from '../../src/edges/sources-from';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-glob-'));
  const files: Record<string, string> = {
    'digests/linux-arm64': 'b\n',
    'digests/linux-amd64': 'a\n',
    'digests/.hidden': 'h\n',
    'digests/sub/linux-s390x': 's\n',
    'per-artifact/digest-0/linux-amd64': 'x\n',
    'one.txt': 'one\n'
  };
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), text);
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const paths = async (input: string) => (await readSourceFiles(input, dir)).map((f) => f.path);

test('segment patterns: *, ?, [..], [!..], literal regex characters', () => {
  expect(segmentRegExp('linux-*').test('linux-amd64')).toBe(true);
  expect(segmentRegExp('linux-?md64').test('linux-amd64')).toBe(true);
  expect(segmentRegExp('[ab]*').test('amd')).toBe(true);
  expect(segmentRegExp('[!ab]*').test('amd')).toBe(false);
  expect(segmentRegExp('a.b+c').test('a.b+c')).toBe(true);
  expect(segmentRegExp('a.b').test('axb')).toBe(false);
});

test('a glob: files only, sorted, no dot files; the text as it is', async () => {
  expect(await paths('digests/*')).toEqual(['digests/linux-amd64', 'digests/linux-arm64']);
  expect(await readSourceFiles('digests/linux-a*', dir)).toEqual([
    { path: 'digests/linux-amd64', text: 'a\n' },
    { path: 'digests/linux-arm64', text: 'b\n' }
  ]);
});

test('**, plain paths, absolute patterns, several patterns sorted together and each file once', async () => {
  expect(await paths('digests/**/linux-*')).toEqual([
    'digests/linux-amd64',
    'digests/linux-arm64',
    'digests/sub/linux-s390x'
  ]);
  expect(await paths('one.txt\ndigests/linux-arm64\ndigests/*')).toEqual([
    'digests/linux-amd64',
    'digests/linux-arm64',
    'one.txt'
  ]);
  expect(await paths(`${dir}/digests/linux-amd64`)).toEqual([`${dir}/digests/linux-amd64`]);
  expect(await paths(`${dir}/digests/*`)).toEqual([`${dir}/digests/linux-amd64`, `${dir}/digests/linux-arm64`]);
});

test('a pattern that matches no file is an error naming it (and the directories it matched)', async () => {
  await expect(readSourceFiles('digests/*\nnope/*', dir)).rejects.toThrow(
    /input "sources-from": "nope\/\*" matches no file/
  );
  await expect(readSourceFiles('missing.txt', dir)).rejects.toThrow(/"missing.txt" matches no file/);
  await expect(readSourceFiles('per-artifact/*', dir)).rejects.toThrow(
    /only the directory per-artifact\/digest-0.*merge-multiple/
  );
  expect(await readSourceFiles('', dir)).toEqual([]);
});

test('Windows paths with backslashes', async () => {
  await expect(readSourceFiles('digests\\linux-a*', dir, false)).rejects.toThrow(/matches no file/); // a name character elsewhere
  expect((await readSourceFiles('digests\\linux-a*', dir, true)).map((f) => f.path)).toEqual([
    'digests/linux-amd64',
    'digests/linux-arm64'
  ]);
});
