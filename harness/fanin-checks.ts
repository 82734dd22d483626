/**
 * Checks for the copy tests through registry personalities: the list a tag holds, every child
 * and blob in each target repository (asked of the real registry behind the personality), and
 * "one clear error line, nothing after it".
 */
import { getManifest } from './images';
import type { TestRegistry } from './registry';
import { assertListComplete, commandLines, type ListDoc } from './checks';

/** The tag holds `digest`, and everything that list names is in reg/repo. Returns the list. */
export async function expectListIn(reg: TestRegistry, repo: string, tag: string, digest: string): Promise<ListDoc> {
  const got = await getManifest(reg, repo, tag);
  if (got.status !== 200 || got.digest !== digest)
    throw new Error(`${repo}:${tag} holds ${got.digest ?? `nothing (HTTP ${got.status})`}, not ${digest}`);
  const list = JSON.parse(got.body) as ListDoc;
  await assertListComplete(reg, repo, list);
  return list;
}

/** Exactly one ::error:: line, the last thing the action printed; returns it. */
export function theErrorLine(stdout: string): string {
  const errors = commandLines(stdout, 'error');
  if (errors.length !== 1) throw new Error(`expected one error line, got ${errors.length}:\n${stdout.slice(-4000)}`);
  const last = stdout.trimEnd().split('\n').pop() ?? '';
  if (!last.startsWith('::error'))
    throw new Error(`something was printed after the error line:\n${stdout.slice(-2000)}`);
  return errors[0];
}
