/**
 * Small assertion helpers shared by the feature tests: workflow-command lines in the action's
 * stdout, fully qualified references, and "everything this list references is really in that
 * repository" checks against the registry itself.
 */
import { getManifest, headBlob, type Descriptor, type RegistryLike } from './images';
import type { TestRegistry } from './registry';

/** `::error::…` / `::warning::…` lines that @actions/core printed (without the prefix). */
export function commandLines(stdout: string, kind: 'error' | 'warning' | 'notice'): string[] {
  const prefix = `::${kind}::`;
  return stdout
    .split('\n')
    .filter((l) => l.startsWith(prefix) || l.startsWith(`::${kind} `))
    .map((l) => l.slice(l.indexOf('::', 2) + 2));
}

/** `127.0.0.1:PORT/repo:tag` or `…/repo@sha256:…` */
export function ref(reg: Pick<TestRegistry, 'host'>, repo: string, tagOrDigest: string): string {
  return `${reg.host}/${repo}${tagOrDigest.startsWith('sha256:') ? '@' : ':'}${tagOrDigest}`;
}

export interface ListDoc {
  schemaVersion: number;
  mediaType: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

/**
 * Every child of `list` resolves by digest in reg/repo with the media type and size its
 * descriptor claims, and every blob (config + layers) of every child is there too. Returns the
 * number of blobs checked. Throws with the first missing thing named.
 */
export async function assertListComplete(reg: RegistryLike, repo: string, list: ListDoc): Promise<number> {
  let blobs = 0;
  for (const d of list.manifests) {
    const m = await getManifest(reg, repo, d.digest);
    if (m.status !== 200) throw new Error(`${repo}: child ${d.digest} answered ${m.status}`);
    if (m.digest !== d.digest) throw new Error(`${repo}: child ${d.digest} served as ${m.digest}`);
    if (Buffer.byteLength(m.body) !== d.size)
      throw new Error(`${repo}: child ${d.digest} is ${Buffer.byteLength(m.body)} bytes, descriptor says ${d.size}`);
    const doc = JSON.parse(m.body) as { config: Descriptor; layers: Descriptor[] };
    for (const b of [doc.config, ...doc.layers]) {
      const st = await headBlob(reg, repo, b.digest);
      if (st !== 200) throw new Error(`${repo}: blob ${b.digest} of child ${d.digest} answered ${st}`);
      blobs++;
    }
  }
  return blobs;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Failure context for expect(): the action's output, trimmed. */
export function logOf(r: { code: number; stdout: string; stderr: string }): string {
  return `exit ${r.code}\n--- stdout ---\n${r.stdout.slice(-6000)}\n--- stderr ---\n${r.stderr.slice(-3000)}`;
}

/** Assert an exit code, showing the action's output when it differs. */
export function expectExit(r: { code: number; stdout: string; stderr: string }, code: number | 'nonzero'): void {
  const ok = code === 'nonzero' ? r.code !== 0 : r.code === code;
  if (!ok) throw new Error(`expected exit ${code}, got ${logOf(r)}`);
}
