/**
 * The `sources-from` input: newline-separated paths and globs → the files' text, in sorted path
 * order. The edge reads them once; src/model/source.ts turns their lines into sources. Globs are
 * matched here rather than by fs.glob, which Node 20 (the CLI's floor) lacks: `*`, `?`, `[…]`
 * within one path segment, `**` for any number of directories; as in a shell, a wildcard does not
 * match a name that starts with a dot unless the pattern segment does.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../model/errors';
import { type SourceFile } from '../model/source';

const MAGIC = /[*?[]/;

/** One pattern segment → a regular expression over one directory entry's name. Pure. */
export function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let body = segment.slice(i + 1, end);
        const negate = body.startsWith('!') || body.startsWith('^');
        if (negate) body = body.slice(1);
        re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

const matchesName = (segment: string, name: string) =>
  (!name.startsWith('.') || segment.startsWith('.')) && segmentRegExp(segment).test(name);

async function entries(dir: string): Promise<Array<{ name: string; dir: boolean; file: boolean }>> {
  const list = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  return Promise.all(
    list.map(async (e) => {
      // A symbolic link counts as what it points to (download-artifact writes plain files, a user may link).
      const st = e.isSymbolicLink() ? await fs.stat(path.join(dir, e.name)).catch(() => undefined) : e;
      return { name: e.name, dir: !!st?.isDirectory(), file: !!st?.isFile() };
    })
  );
}

const join = (shown: string, name: string) =>
  shown === '' ? name : shown.endsWith('/') ? shown + name : `${shown}/${name}`;

/** What `parts[i…]` matches below `dir` (shown as `shown`): files, and directories apart. */
async function walk(dir: string, shown: string, parts: string[], i: number, out: Matches): Promise<void> {
  if (i === parts.length) return;
  const part = parts[i];
  const last = i === parts.length - 1;
  if (part === '' || part === '.') return walk(dir, shown, parts, i + 1, out);
  if (part === '**') {
    if (!last) await walk(dir, shown, parts, i + 1, out);
    for (const e of await entries(dir)) {
      if (e.name.startsWith('.')) continue;
      if (e.dir) await walk(path.join(dir, e.name), join(shown, e.name), parts, i, out);
      else if (e.file && last) out.files.push(join(shown, e.name));
    }
    return;
  }
  for (const e of await entries(dir)) {
    if (MAGIC.test(part) ? !matchesName(part, e.name) : e.name !== part) continue;
    const next = join(shown, e.name);
    if (!last) {
      if (e.dir) await walk(path.join(dir, e.name), next, parts, i + 1, out);
    } else if (e.file) out.files.push(next);
    else if (e.dir) out.dirs.push(next);
  }
}

interface Matches {
  files: string[];
  dirs: string[];
}

/** The files one pattern matches, relative to `cwd` unless it is absolute; sorted. */
export async function matchFiles(pattern: string, cwd: string): Promise<Matches> {
  const parts = pattern.split('/');
  // The fixed start of the pattern is taken as it is (`/tmp/x`, `D:/a/_temp`, `../digests`).
  let k = 0;
  while (k < parts.length - 1 && !MAGIC.test(parts[k])) k++;
  if (!MAGIC.test(parts[k])) k = parts.length;
  const out: Matches = { files: [], dirs: [] };
  if (k === parts.length) {
    const st = await fs.stat(path.resolve(cwd, pattern)).catch(() => undefined);
    if (st?.isFile()) out.files.push(pattern);
    else if (st?.isDirectory()) out.dirs.push(pattern);
    return out;
  }
  const base = parts.slice(0, k).join('/') || (k > 0 ? '/' : '');
  await walk(path.resolve(cwd, base || '.'), base, parts, k, out);
  out.files.sort();
  out.dirs.sort();
  return out;
}

/**
 * `sources-from` (one path or glob per line) → each file once, in sorted path order. A pattern
 * that matches no file is an error naming it.
 */
export async function readSourceFiles(
  input: string,
  cwd: string,
  windows = process.platform === 'win32'
): Promise<SourceFile[]> {
  const patterns = input
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const found = new Map<string, string>();
  const seen = new Set<string>();
  for (const pattern of patterns) {
    // Windows paths as the runner spells them (D:\a\_temp\digests\*): the matcher speaks `/`.
    const { files, dirs } = await matchFiles(windows ? pattern.replace(/\\/g, '/') : pattern, cwd);
    if (files.length === 0) {
      const only = dirs.length
        ? `, only the director${dirs.length === 1 ? 'y' : 'ies'} ${dirs.slice(0, 3).join(', ')}${dirs.length > 3 ? ', …' : ''} (download-artifact puts each artifact in a directory of its own unless merge-multiple is true; or add /* to the pattern)`
        : '';
      throw new InputError(`input "sources-from": "${pattern}" matches no file in ${cwd}${only}`);
    }
    for (const f of files) {
      const abs = path.resolve(cwd, f);
      if (!seen.has(abs)) found.set(f, abs);
      seen.add(abs);
    }
  }
  const shown = [...found.keys()].sort();
  return Promise.all(
    shown.map(async (p) => {
      try {
        return { path: p, text: await fs.readFile(found.get(p)!, 'utf8') };
      } catch (err) {
        throw new InputError(`input "sources-from": cannot read ${p}: ${(err as Error).message}`, { cause: err });
      }
    })
  );
}
