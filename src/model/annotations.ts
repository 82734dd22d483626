/**
 * The `annotations` input: `docker manifest annotate` flags per source (platform overrides) and
 * OCI annotation lines (index and descriptor annotations), parsed and checked. Pure.
 */
import { InputError } from './errors';
import {
  PLATFORM_FLAGS,
  type Platform,
  type PlatformField,
  fieldOfFlag,
  normalizeArch,
  normalizePlatform,
  parsePlatform,
  platformValueProblem
} from './platform';
import { type Reference, formatReference, parseReference, withDefaultTag } from './reference';

/** What `docker manifest annotate` flags set on one single-platform source. */
export type PlatformOverride = Partial<Platform>;

export interface DescriptorAnnotation {
  /** Only descriptors of this platform (os/arch[/variant]); all when absent. */
  platform?: Platform;
  key: string;
  value: string;
}

export interface Annotations {
  /** Keyed by the fully qualified source reference (formatReference of the default-tagged source). */
  overrides: Map<string, PlatformOverride>;
  index: Record<string, string>;
  descriptors: DescriptorAnnotation[];
  warnings: string[];
}

// level[platform]:key=value, or key=value. Keys hold no white space and no '='.
const OCI_LINE = /^(?:([a-z][a-z-]*)(?:\[([^\]]*)\])?:)?([^=\s]+)=(.*)$/;
// A line that starts like an OCI line of a known level but has no KEY=VALUE after it. (A
// registry named like a level would be followed by a port and a slash: `index:5000/app`.)
const LEVEL_PREFIX = /^(index|manifest-descriptor|manifest|index-descriptor)(\[[^\]]*\])?:(?!\d+\/)(.*)$/;

// The start of a bare key that is a level line missing its ':' (`index[…]foo`, `manifest-descriptor[…]foo`).
const LEVEL_TYPO = /^((?:index|manifest-descriptor|manifest|index-descriptor)\[[^\]]*\])/;

/** The key under which a source's override is stored. */
export function sourceKey(ref: Reference): string {
  return formatReference(withDefaultTag(ref));
}

function lineError(n: number, line: string, why: string): InputError {
  return new InputError(`annotations line ${n} "${line}": ${why}`);
}

/**
 * Parse the `annotations` input: docker-annotate lines, `index:` / bare OCI annotations and
 * `manifest-descriptor[…]:` lines. Pure; every error names the line.
 */
export function parseAnnotations(
  lines: string[],
  sources: Reference[],
  // How a source is written in `sources` (a bare digest names the first tag's repository).
  toRef: (source: string) => Reference = parseReference
): Annotations {
  const result: Annotations = { overrides: new Map(), index: {}, descriptors: [], warnings: [] };
  const known = new Set(sources.map(sourceKey));
  lines.forEach((line, i) => {
    const n = i + 1;
    // Checked first: `index:=v` would otherwise read as the bare key "index:".
    const level = LEVEL_PREFIX.exec(line);
    if (level && !/^[^=\s]+=/.test(level[3])) {
      const rest = level[3];
      const why = rest.startsWith('=')
        ? 'the key is empty'
        : /\s/.test(rest.split('=')[0])
          ? 'the key holds white space'
          : 'there is no =VALUE';
      throw lineError(n, line, `${why}; write ${level[1]}${level[2] ?? ''}:KEY=VALUE (an empty value is "KEY=")`);
    }
    if (line.startsWith('=')) throw lineError(n, line, 'the key is empty; write KEY=VALUE or index:KEY=VALUE');
    const oci = OCI_LINE.exec(line);
    if (oci) parseOciLine(oci, n, line, result);
    else parseAnnotateLine(line, n, known, result.overrides, toRef);
  });
  return result;
}

/** The start of the one warning about `manifest:` / `index-descriptor:` lines. */
const IGNORED_LEVELS = 'annotations: ignoring ';

/** `[level[platform]:]KEY=VALUE`: an index or descriptor annotation, or a level that is not ours (warned once). */
function parseOciLine(match: RegExpExecArray, n: number, line: string, result: Annotations): void {
  const [, level, platform, key, value] = match;
  // `manifest-descriptor[linux/amd64]foo=bar`: the ':' was forgotten, not a key with brackets.
  const typo = level === undefined ? LEVEL_TYPO.exec(key) : null;
  if (typo) throw lineError(n, line, `"${typo[1]}" is not followed by ":"; write ${typo[1]}:KEY=VALUE`);
  switch (level ?? 'index') {
    case 'index':
      if (platform !== undefined) throw lineError(n, line, 'index annotations take no platform');
      result.index[key] = value;
      return;
    case 'manifest-descriptor': {
      let only: Platform | undefined;
      if (platform !== undefined) {
        try {
          only = parsePlatform(platform);
        } catch (e) {
          throw lineError(n, line, (e as Error).message);
        }
      }
      result.descriptors.push({ platform: only, key, value });
      return;
    }
    case 'manifest':
    case 'index-descriptor':
      // These belong to the build step (image manifests) or to an outer index: not ours to set.
      if (!result.warnings.some((w) => w.startsWith(IGNORED_LEVELS)))
        result.warnings.push(
          `${IGNORED_LEVELS}"${level}:" lines such as line ${n}; they belong to the build step (docker/build-push-action's annotations), not to the list`
        );
      return;
    default:
      throw lineError(
        n,
        line,
        `unknown annotation level "${level}" (use index:, manifest-descriptor: or manifest-descriptor[os/arch]:)`
      );
  }
}

/** `SOURCE --arch A --os O …`, the flags of `docker manifest annotate`. */
function parseAnnotateLine(
  line: string,
  n: number,
  known: Set<string>,
  overrides: Map<string, PlatformOverride>,
  toRef: (source: string) => Reference
): void {
  const tokens = line.split(/\s+/).filter(Boolean);
  const [source, ...flags] = tokens;
  if (source.startsWith('-')) throw lineError(n, line, 'a docker-annotate line starts with the source it annotates');
  let ref: Reference;
  try {
    ref = toRef(source);
  } catch (e) {
    if (flags.length === 0)
      throw lineError(
        n,
        line,
        'neither KEY=VALUE (an OCI annotation) nor SOURCE --flag VALUE (docker manifest annotate flags for one of the sources)'
      );
    throw lineError(n, line, (e as Error).message);
  }
  const key = sourceKey(ref);
  if (!known.has(key)) {
    if (flags.length === 0)
      throw lineError(
        n,
        line,
        'neither KEY=VALUE (an OCI annotation) nor SOURCE --flag VALUE (docker manifest annotate flags for one of the sources)'
      );
    throw lineError(n, line, `${source} is not one of the sources; annotate lines must name a source exactly`);
  }
  if (flags.length === 0)
    throw lineError(
      n,
      line,
      'no flags: expected --arch, --os, --os-version, --os-features or --variant, or KEY=VALUE for an OCI annotation'
    );

  const given = readFlags(flags, (why) => lineError(n, line, why));
  overrides.set(
    key,
    toOverride(given, overrides.get(key) ?? {}, (why) => lineError(n, line, why))
  );
}

/** `--flag VALUE` and `--flag=VALUE` pairs → the value given for each field (the last one wins). */
function readFlags(flags: string[], fail: (why: string) => InputError): Partial<Record<PlatformField, string>> {
  const given: Partial<Record<PlatformField, string>> = {};
  for (let i = 0; i < flags.length; i++) {
    let flag = flags[i];
    let value: string | undefined;
    const eq = flag.indexOf('=');
    if (eq > 0) {
      value = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    } else {
      value = flags[++i];
    }
    const field = fieldOfFlag(flag);
    if (!field) throw fail(`unknown flag "${flag}" (known: ${Object.values(PLATFORM_FLAGS).join(', ')})`);
    if (value === undefined || value === '' || value.startsWith('--')) throw fail(`${flag} needs a value`);
    if (/['"]/.test(value))
      throw fail(
        `${flag} ${value} is quoted; the annotations input is not read by a shell: write ${flag} ${value.replace(/['"]/g, '')}`
      );
    given[field] = value;
  }
  return given;
}

/**
 * The fields given → an override (onto what earlier lines set for that source). `--arch arm/v7`
 * is split into architecture arm and variant v7, as docker's `--platform` writes it, unless a
 * `--variant` that says otherwise is given too; any other value outside [A-Za-z0-9._-] is refused.
 */
function toOverride(
  given: Partial<Record<PlatformField, string>>,
  o: PlatformOverride,
  fail: (why: string) => InputError
): PlatformOverride {
  let { architecture, variant } = given;
  const split = architecture && /^[^/]+\/[^/]+$/.exec(architecture) ? architecture.split('/') : undefined;
  if (split) {
    if (variant !== undefined && normalizeArch(split[0], variant).variant !== normalizeArch(split[0], split[1]).variant)
      throw fail(`--arch ${architecture} says variant ${split[1]}, --variant says ${variant}; give one`);
    [architecture, variant] = split;
  }
  for (const [k, v] of [
    ['os', given.os],
    ['architecture', architecture],
    ['variant', variant]
  ] as const) {
    const problem = v === undefined ? undefined : platformValueProblem(k, v);
    if (problem) throw fail(`${PLATFORM_FLAGS[k]} ${v}: ${problem}`);
  }
  if (architecture !== undefined) {
    const n = normalizeArch(architecture, variant ?? o.variant);
    o.architecture = n.architecture;
    if (n.variant !== undefined || variant !== undefined) o.variant = n.variant;
  } else if (variant !== undefined) o.variant = normalizeArch(o.architecture ?? '', variant).variant;
  if (given.os !== undefined) o.os = given.os.toLowerCase();
  if (given['os.version'] !== undefined) o['os.version'] = given['os.version'];
  if (given['os.features'] !== undefined) o['os.features'] = given['os.features'].split(',').filter(Boolean);
  return o;
}

/** A single-platform source's platform (from its config, if any) after its annotate flags. */
export function applyOverride<P extends Platform | undefined>(p: P, o: PlatformOverride | undefined): P | Platform {
  if (!o) return p;
  const out = { os: '', architecture: '', ...p, ...o } as Platform;
  // A new architecture without a new variant drops the old variant (arm/v7 → arm64 is not arm64/v7).
  if (o.architecture && o.architecture !== p?.architecture && o.variant === undefined) delete out.variant;
  return normalizePlatform(out);
}
