import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BLOCK, listTarMembers, normalizeMemberName, parsePax, parseTarHeader } from '../../src/model/tar';

const readFrom = (buf: Buffer) => async (offset: number, length: number) => buf.subarray(offset, offset + length);

/** A tar made by the system's GNU tar in `format`, of `files` (name → content). */
function makeTar(format: string, files: Record<string, Buffer>): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-tar-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, 'src', name)), { recursive: true });
      fs.writeFileSync(path.join(dir, 'src', name), content);
    }
    execFileSync('tar', [`--format=${format}`, '-cf', path.join(dir, 'out.tar'), '-C', path.join(dir, 'src'), '.']);
    return fs.readFileSync(path.join(dir, 'out.tar'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const LONG = `blobs/sha256/${'a'.repeat(64)}/${'deep/'.repeat(20)}file`;
const files = {
  'index.json': Buffer.from('{"manifests":[]}'),
  'oci-layout': Buffer.from('{"imageLayoutVersion":"1.0.0"}'),
  [`blobs/sha256/${'b'.repeat(64)}`]: Buffer.alloc(1500, 7),
  [LONG]: Buffer.from('long name'),
  empty: Buffer.alloc(0)
};

test.each(['pax', 'gnu', 'ustar'])('listTarMembers finds every file of a %s tar at its byte range', async (format) => {
  const wanted = format === 'ustar' ? Object.fromEntries(Object.entries(files).filter(([n]) => n !== LONG)) : files;
  const tar = makeTar(format, wanted);
  const members = await listTarMembers(readFrom(tar), tar.length);
  expect([...members.keys()].sort()).toEqual(Object.keys(wanted).sort());
  for (const [name, content] of Object.entries(wanted)) {
    const m = members.get(name)!;
    expect(tar.subarray(m.offset, m.offset + m.size)).toEqual(content);
  }
});

test('a truncated tar, a bad checksum and a non-tar are errors, not a partial listing', async () => {
  const tar = makeTar('pax', files);
  const cut = tar.subarray(0, 3 * BLOCK + 100);
  await expect(listTarMembers(readFrom(cut), cut.length)).rejects.toThrow(/truncated|ends inside/);
  const bad = Buffer.from(tar);
  bad[10] ^= 1;
  await expect(listTarMembers(readFrom(bad), bad.length)).rejects.toThrow('wrong checksum');
  const json = Buffer.alloc(BLOCK, 0x41);
  await expect(listTarMembers(readFrom(json), json.length)).rejects.toThrow(/not a tar|octal/);
});

test('parseTarHeader: the end block; base-256 sizes', () => {
  expect(parseTarHeader(Buffer.alloc(BLOCK))).toBe('end');
  const h = Buffer.alloc(BLOCK);
  h.write('big', 0);
  h[124] = 0x80;
  h.writeUIntBE(2 ** 40, 136 - 6, 6);
  h.write('0', 156);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  expect(parseTarHeader(h)).toEqual({ name: 'big', size: 2 ** 40, type: '0' });
});

test('parsePax and member names', () => {
  expect(parsePax(Buffer.from('12 path=a/b\n11 size=42\n'))).toEqual({ path: 'a/b', size: '42' });
  expect(() => parsePax(Buffer.from('99 path=x\n'))).toThrow('malformed');
  expect(normalizeMemberName('./blobs/sha256/x')).toBe('blobs/sha256/x');
  expect(normalizeMemberName('index.json')).toBe('index.json');
});
