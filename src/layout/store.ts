/**
 * An OCI image layout on disk, a directory or a tar of one, read as a source: index.json, and
 * blobs by digest. A tar is never extracted: its headers are read once (model/tar.ts) and each
 * blob is streamed from its byte range, so memory stays flat in the blobs' size.
 */
import fs from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Readable } from 'node:stream';
import { InputError, IntegrityError } from '../model/errors';
import { blobPath } from '../model/layout';
import { algorithmOf, digestOf } from '../model/digest';
import { MAX_MANIFEST_BYTES } from '../model/manifest';
import { type SourceReader } from '../model/source';
import { type TarMember, listTarMembers } from '../model/tar';

/** A layout's files by their path inside it. */
interface Files {
  /** Size in bytes; undefined when there is no such file. */
  size(rel: string): Promise<number | undefined>;
  read(rel: string): Promise<Buffer>;
  stream(rel: string): Readable;
}

function directoryFiles(root: string): Files {
  const full = (rel: string) => path.join(root, rel);
  return {
    size: async (rel) => {
      const s = await stat(full(rel)).catch(() => undefined);
      return s?.isFile() ? s.size : undefined;
    },
    read: (rel) => fs.promises.readFile(full(rel)),
    stream: (rel) => fs.createReadStream(full(rel))
  };
}

async function readAt(fh: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, offset + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

async function tarFiles(file: string, fileSize: number): Promise<Files> {
  const fh = await open(file, 'r');
  let members: Map<string, TarMember>;
  try {
    const magic = await readAt(fh, 0, 2);
    if (magic[0] === 0x1f && magic[1] === 0x8b)
      throw new InputError('it is gzip-compressed; give the uncompressed tar (or unpack it into a directory)');
    members = await listTarMembers((o, n) => readAt(fh, o, n), fileSize);
  } finally {
    await fh.close();
  }
  const member = (rel: string) => {
    const m = members.get(rel);
    if (!m) throw new IntegrityError(`the tar has no member ${rel}`);
    return m;
  };
  return {
    size: async (rel) => members.get(rel)?.size,
    read: async (rel) => {
      const m = member(rel);
      const fh2 = await open(file, 'r');
      try {
        return await readAt(fh2, m.offset, m.size);
      } finally {
        await fh2.close();
      }
    },
    // An empty member has no byte range: an empty stream.
    stream: (rel) => {
      const m = member(rel);
      return m.size === 0
        ? fs.createReadStream(file, { start: 1, end: 0 })
        : fs.createReadStream(file, { start: m.offset, end: m.offset + m.size - 1 });
    }
  };
}

/** One layout, opened: the files behind it are read on demand. */
export class LayoutStore implements SourceReader {
  private constructor(private readonly files: Files) {}

  /** Open PATH (relative to the working directory) as a layout directory or a tar of one; errors say what is wrong, the caller names the source. */
  static async open(where: string): Promise<LayoutStore> {
    const s = await stat(where).catch((err: NodeJS.ErrnoException) => {
      throw new InputError(
        `${err.code === 'ENOENT' ? `no such file or directory (${path.resolve(where)})` : err.message}; give an OCI layout directory or a tar of one, as docker buildx build --output type=oci,dest=… or skopeo copy … oci:DIR writes them`
      );
    });
    const files = s.isDirectory() ? directoryFiles(where) : await tarFiles(where, s.size);
    if ((await files.size('index.json')) === undefined)
      throw new InputError(
        `${s.isDirectory() ? 'the directory' : 'the tar'} has no index.json, so it is not an OCI image layout`
      );
    return new LayoutStore(files);
  }

  async indexJson(): Promise<Buffer> {
    return this.files.read('index.json');
  }

  /** A blob's size in the layout; undefined when it is missing. */
  blobSize(digest: string): Promise<number | undefined> {
    return this.files.size(blobPath(digest));
  }

  async hasBlob(_repo: string, digest: string): Promise<boolean> {
    return (await this.blobSize(digest)) !== undefined;
  }

  private async sizeOf(digest: string): Promise<number> {
    const size = await this.blobSize(digest);
    if (size === undefined)
      throw new IntegrityError(`blob ${digest} is missing from the layout (no ${blobPath(digest)})`);
    return size;
  }

  async getBlob(_repo: string, digest: string, maxBytes = 16 * 1024 * 1024): Promise<Buffer> {
    const size = await this.sizeOf(digest);
    if (size > maxBytes)
      throw new IntegrityError(`blob ${digest} has ${size} bytes, more than the ${maxBytes} expected`);
    const bytes = await this.files.read(blobPath(digest));
    const got = digestOf(bytes, algorithmOf(digest));
    if (got !== digest)
      throw new IntegrityError(`blob ${digest} in the layout is corrupt: its content's digest is ${got}`);
    return bytes;
  }

  /** A manifest by digest; its media type is the one it declares ('' if none: the caller knows it). */
  async getManifest(repo: string, digest: string): Promise<{ bytes: Buffer; mediaType: string; digest: string }> {
    const bytes = await this.getBlob(repo, digest, MAX_MANIFEST_BYTES);
    let mediaType = '';
    try {
      const declared = (JSON.parse(bytes.toString('utf8')) as { mediaType?: unknown }).mediaType;
      if (typeof declared === 'string') mediaType = declared;
    } catch {
      // parseManifest names what is wrong with it
    }
    return { bytes, mediaType, digest };
  }

  async openBlob(_repo: string, digest: string): Promise<{ stream: Readable; size: number }> {
    const size = await this.sizeOf(digest);
    return { stream: this.files.stream(blobPath(digest)), size };
  }
}
