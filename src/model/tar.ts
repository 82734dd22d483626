/**
 * Where each member of a tar file lies, read from its headers alone: an OCI layout tar is then
 * served by byte ranges, never extracted. POSIX ustar with pax extended headers (`x`, what
 * BuildKit and Go's archive/tar write for long names and sizes) and GNU long names (`L`, GNU
 * tar's default). Pure: the bytes come through `read`.
 */
import { IntegrityError } from './errors';

export const BLOCK = 512;

export interface TarHeader {
  name: string;
  size: number;
  /** The typeflag: '0' (or NUL) a file, '5' a directory, 'x'/'g' pax headers, 'L' a GNU long name… */
  type: string;
}

/** Where a file member's bytes are in the tar. */
export interface TarMember {
  offset: number;
  size: number;
}

/** A pax record or GNU long name is small; anything larger is not a layout's tar. */
const MAX_META_BYTES = 1024 * 1024;

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const nul = field.indexOf(0);
  return field.subarray(0, nul < 0 ? length : nul).toString('utf8');
}

/** A numeric field: octal ASCII, or base-256 (high bit set) for values that do not fit. */
function numeric(block: Buffer, start: number, length: number): number {
  const field = block.subarray(start, start + length);
  if (field[0] & 0x80) {
    let n = field[0] & 0x7f;
    for (let i = 1; i < length; i++) n = n * 256 + field[i];
    return n;
  }
  const s = text(block, start, length).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new IntegrityError(`a tar header holds "${s}" where an octal number belongs`);
  return parseInt(s, 8);
}

/** A 512-byte header, or 'end' for the zero block that ends the archive. */
export function parseTarHeader(block: Buffer): TarHeader | 'end' {
  if (block.length !== BLOCK) throw new IntegrityError('the tar ends inside a header');
  if (block.every((b) => b === 0)) return 'end';
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i];
  if (numeric(block, 148, 8) !== sum) throw new IntegrityError('a tar header has a wrong checksum: not a tar file');
  const name = text(block, 0, 100);
  const magic = text(block, 257, 6);
  const prefix = magic.startsWith('ustar') && block[345] !== 0 ? text(block, 345, 155) : '';
  return {
    name: prefix ? `${prefix}/${name}` : name,
    size: numeric(block, 124, 12),
    type: String.fromCharCode(block[156] || 0x30)
  };
}

/** pax extended header records: `LEN KEY=VALUE\n`, LEN counting the whole record. */
export function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space < 0) break;
    const len = Number(data.subarray(at, space).toString('ascii'));
    if (!Number.isInteger(len) || len <= 0 || at + len > data.length)
      throw new IntegrityError('a pax header record is malformed');
    const record = data.subarray(space + 1, at + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    at += len;
  }
  return out;
}

/** Bytes a member's data takes, padded to whole blocks. */
export const padded = (size: number): number => Math.ceil(size / BLOCK) * BLOCK;

/** `./blobs/sha256/…` and `blobs/sha256/…` name the same member. */
export function normalizeMemberName(name: string): string {
  return name.replace(/^(?:\.\/)+/, '').replace(/^\/+/, '');
}

/**
 * The regular files of a tar of `fileSize` bytes, by normalized name. `read(offset, length)`
 * returns those bytes of the file (fewer only at its end).
 */
export async function listTarMembers(
  read: (offset: number, length: number) => Promise<Buffer>,
  fileSize: number
): Promise<Map<string, TarMember>> {
  const members = new Map<string, TarMember>();
  let next: { name?: string; size?: number } = {};
  for (let offset = 0; offset < fileSize;) {
    if (offset + BLOCK > fileSize) throw new IntegrityError('the tar ends inside a header: it is truncated');
    const header = parseTarHeader(await read(offset, BLOCK));
    if (header === 'end') break;
    const data = offset + BLOCK;
    if (data + header.size > fileSize)
      throw new IntegrityError(`the tar ends inside its member "${header.name}": it is truncated`);
    const meta = async () => {
      if (header.size > MAX_META_BYTES) throw new IntegrityError(`a tar metadata header of ${header.size} bytes`);
      return read(data, header.size);
    };
    if (header.type === 'x') {
      const pax = parsePax(await meta());
      next = { name: pax.path ?? next.name, size: pax.size !== undefined ? Number(pax.size) : next.size };
    } else if (header.type === 'L') {
      next = { ...next, name: text(await meta(), 0, header.size) };
    } else if (header.type !== 'g') {
      const size = next.size ?? header.size;
      // Regular files only; directories, links and devices are no blobs.
      if (header.type === '0' || header.type === '7')
        members.set(normalizeMemberName(next.name ?? header.name), { offset: data, size });
      next = {};
      offset = data + padded(size);
      continue;
    }
    offset = data + padded(header.size);
  }
  return members;
}
