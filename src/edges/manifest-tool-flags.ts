/**
 * manifest-tool's own flags (its global flags and those of `push`), as `push from-spec` and
 * `push from-args` take them, mapped onto ours. Pure. Where a flag has no clean equivalent, or is
 * given outside those two commands, the error names what to write instead.
 * Facts: estesp/manifest-tool v2 cmd/manifest-tool (push.go, inspect.go, main.go).
 */
import { parseReference, repoName } from '../model/reference';
import { UsageError } from './usage-error';

/** What the manifest-tool flags of one command line come to. */
export interface ManifestToolMapping {
  format?: string;
  insecure?: string;
  ignoreMissing?: boolean;
  dockerConfig?: string;
  username?: string;
  password?: string;
}

/** The flags, and what each is here (for the error outside push from-spec/from-args). */
export const MANIFEST_TOOL_EQUIVALENTS: Record<string, string> = {
  '--type': '--format docker|oci',
  '--ignore-missing': 'push from-spec / push from-args --ignore-missing',
  '--plain-http': '--insecure',
  '--docker-cfg': 'DOCKER_CONFIG=DIR in the environment',
  '--password': '--username U --password-stdin (a password on the command line shows in ps)',
  '--expand-config': 'inspect -v, which prints each entry with its manifest (the config stays a digest)'
};

/** A manifest-tool flag outside push from-spec/from-args: say what ours is. */
export function manifestToolElsewhere(flag: string): UsageError | undefined {
  const name = flag.split('=')[0];
  const ours = MANIFEST_TOOL_EQUIVALENTS[name];
  if (!ours) return undefined;
  const where = name === '--expand-config' ? 'manifest-tool inspect' : 'manifest-tool push';
  return new UsageError(`${name} is a flag of ${where}; here: ${ours}`);
}

/** The values parseArgs gave for MANIFEST_TOOL_OPTIONS → what they mean here. */
export function mapManifestToolFlags(v: Record<string, unknown>): ManifestToolMapping {
  const out: ManifestToolMapping = {};
  if (v.type !== undefined) {
    const t = String(v.type).trim().toLowerCase();
    if (t !== 'docker' && t !== 'oci')
      throw new UsageError(`--type is docker or oci (manifest-tool's), got "${v.type}"`);
    out.format = t;
  }
  // manifest-tool's --plain-http lets it speak HTTP; ours allows HTTP and unverified TLS together.
  if (v['plain-http']) out.insecure = 'true';
  if (v['ignore-missing']) out.ignoreMissing = true;
  if (v['docker-cfg'] !== undefined) {
    const dir = String(v['docker-cfg']);
    if (!dir.trim()) throw new UsageError('--docker-cfg needs a directory (the one that holds config.json)');
    out.dockerConfig = dir;
  }
  const user = v.username as string | undefined;
  const pass = v.password as string | undefined;
  if (pass !== undefined && user === undefined) throw new UsageError('--password needs --username too');
  if (pass !== undefined) Object.assign(out, { username: user, password: pass });
  return out;
}

/** `push from-args`: manifest-tool's --tags are tag names in the target's repository. */
export function fromArgsTags(target: string, tags: string[]): string[] {
  let repo: string;
  try {
    repo = repoName(parseReference(target));
  } catch (err) {
    throw new UsageError(`--target: ${(err as Error).message}`);
  }
  const names = tags
    .flatMap((t) => t.split(','))
    .map((t) => t.trim())
    .filter(Boolean);
  return [target, ...names.map((t) => (t.includes('/') ? t : `${repo}:${t}`))];
}
