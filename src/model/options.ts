/** Raw inputs (from the action or the CLI) → Options, with every input error. Pure. */
import { type Annotations, parseAnnotations } from './annotations';
import { CLI_INPUT_NAMES, type InputCredential, parseCredentialInputs } from './credential-inputs';
import { InputError } from './errors';
import { type Platform, formatPlatform, osArchVariant, parsePlatform } from './platform';
import {
  type Reference,
  type TagReference,
  asTagReference,
  formatReference,
  parseReference,
  withDefaultTag
} from './reference';
import { type Settings, readSettings } from './settings';
import { type SourceFile, type SourceItem, parseSource, sourceFileItems } from './source';
import { type TemplateOrigin, expandTemplate, isTemplate, placeholdersOf } from './template';

export type Format = 'auto' | 'docker' | 'oci';
export type AttestationMode = 'keep' | 'drop';

/** The inputs of action.yml as raw strings (what core.getInput or the CLI flags give). */
export interface RawInputs {
  tags: string;
  sources?: string;
  /** The files `sources-from` names, read by the edge, in sorted path order. */
  sourceFiles?: SourceFile[];
  annotations?: string;
  insecure?: string;
  purge?: string;
  amend?: string;
  format?: string;
  push?: string;
  platforms?: string;
  attestations?: string;
  referrers?: string;
  summary?: string;
  /** Used only by purge on GitHub Packages registries. */
  githubToken?: string;
  /** Credentials for the first tag's registry (both or neither); secrets. */
  username?: string;
  password?: string;
  /** docker/login-action v4's YAML list of registry, username, password. */
  registryAuth?: string;
}

export interface Options {
  /** Targets, default tag applied, duplicates removed, in input order. */
  tags: TagReference[];
  /** Sources in input order. */
  sources: Reference[];
  annotations: Annotations;
  insecure: boolean;
  purge: boolean;
  amend: boolean;
  format: Format;
  push: boolean;
  /** The platforms the list must hold, normalized, in input order; [] = no check. */
  platforms: Platform[];
  attestations: AttestationMode;
  /** Also copy what refers to each child (OCI referrers, cosign tags). */
  referrers: boolean;
  /** Write a job summary (the action's `summary` input). */
  summary: boolean;
  /** github-token: deletes a purge placeholder's package version on GitHub Packages; '' when none. A secret: never log it. */
  githubToken: string;
  /** Sources expanded from a template, keyed by formatReference of the source. */
  templates: Map<string, TemplateOrigin>;
  /** From `username`/`password` and `registry-auth`, in the order they win; passwords are secrets. */
  credentials: InputCredential[];
  /** The environment's knobs, read once by the edge. */
  settings: Settings;
  /** The command line's --ignore-missing (manifest-tool's): a source that is missing is skipped, with a warning. */
  ignoreMissing?: boolean;
}

/** Newline- or comma-separated list; blank lines and `#` comments dropped. */
export function splitList(s: string | undefined): string[] {
  return splitLines(s)
    .flatMap((line) => line.split(','))
    .map((x) => x.trim())
    .filter((x) => x && !x.startsWith('#'));
}

/** One item per line (annotation values may hold commas); blank lines and `#` comments dropped. */
export function splitLines(s: string | undefined): string[] {
  return (s ?? '')
    .split('\n')
    .map((x) => x.trim())
    .filter((x) => x && !x.startsWith('#'));
}

/** YAML 1.2 core booleans, as @actions/core's getBooleanInput accepts them. */
export function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  const v = (value ?? '').trim();
  if (v === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(v)) return true;
  if (['false', 'False', 'FALSE'].includes(v)) return false;
  throw new InputError(`input "${name}" must be true or false, got "${v}"`);
}

function parseRefs(name: string, items: string[]): Reference[] {
  return items.map((item) => {
    try {
      return parseReference(item);
    } catch (e) {
      throw new InputError(`input "${name}": ${(e as Error).message}`);
    }
  });
}

/** `sources`, then the lines of the `sources-from` files, each with where it was written. */
function sourceItemsOf(raw: RawInputs): SourceItem[] {
  const items = [
    ...splitList(raw.sources).map((item) => ({ item, origin: 'input "sources"' })),
    ...(raw.sourceFiles ?? []).flatMap(sourceFileItems)
  ];
  if (items.length === 0) {
    const files = raw.sourceFiles ?? [];
    throw new InputError(
      files.length
        ? `no sources: input "sources" is empty and the files of "sources-from" (${files.map((f) => f.path).join(', ')}) hold none`
        : 'input "sources" is empty: give the per-platform images to combine, by tag or by digest (or files of them in "sources-from")'
    );
  }
  return items;
}

/** Raw inputs → validated Options. Every input error of the action is raised here. */
export function parseOptions(raw: RawInputs, settings: Settings = readSettings({}, '/nonexistent')): Options {
  const tags = parseTags(raw.tags);
  const sourceItems = sourceItemsOf(raw);
  const platforms = parsePlatforms(raw.platforms);
  // A bare digest is one of the first tag's repository.
  const toRef = (item: string) => parseSource(item, tags[0]);
  const { sources, templates } = parseSources(sourceItems, platforms, toRef);
  const attestations = oneOf('attestations', raw.attestations, ['keep', 'drop'] as const);
  const format = oneOf('format', raw.format, ['auto', 'docker', 'oci'] as const);
  const annotations = parseAnnotations(splitLines(raw.annotations), sources, toRef);
  if (format === 'docker' && (Object.keys(annotations.index).length > 0 || annotations.descriptors.length > 0)) {
    throw new InputError(
      'format "docker" cannot carry OCI annotations (index: or manifest-descriptor: lines): a Docker manifest list has no annotations field; use format "oci" or "auto"'
    );
  }
  return {
    tags,
    sources,
    annotations,
    insecure: parseBoolean('insecure', raw.insecure, false),
    purge: parseBoolean('purge', raw.purge, false),
    amend: parseBoolean('amend', raw.amend, false),
    format,
    push: parseBoolean('push', raw.push, true),
    platforms,
    attestations,
    referrers: parseBoolean('referrers', raw.referrers, false),
    summary: parseBoolean('summary', raw.summary, true),
    githubToken: (raw.githubToken ?? '').trim(),
    templates,
    credentials: parseCredentialInputs(raw, tags[0].registry, settings.edge === 'cli' ? CLI_INPUT_NAMES : undefined),
    settings
  };
}

/** An enumerated input, case-insensitive; empty means the first choice (the default). */
function oneOf<T extends string>(name: string, value: string | undefined, choices: readonly T[]): T {
  const v = (value ?? '').trim().toLowerCase() || choices[0];
  if ((choices as readonly string[]).includes(v)) return v as T;
  const listed = `${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}`;
  throw new InputError(`input "${name}" must be ${listed}, got "${value}"`);
}

/** `tags`: targets with the default tag applied, duplicates dropped, in input order. */
function parseTags(value: string): TagReference[] {
  const items = splitList(value);
  if (items.length === 0)
    throw new InputError('input "tags" is empty: give at least one target such as ghcr.io/owner/app:1.0');
  const tags = new Map<string, TagReference>();
  for (const t of parseRefs('tags', items)) {
    if (t.digest)
      throw new InputError(`input "tags": ${formatReference(t)} has a digest; a target is registry/repository:tag`);
    const full = asTagReference(t);
    const key = formatReference(full);
    if (!tags.has(key)) tags.set(key, full);
  }
  return [...tags.values()];
}

/** Sources: templates expanded for `platforms`; one listed twice (by hand or by a template) is an error. */
function parseSources(
  items: SourceItem[],
  platforms: Platform[],
  toRef: (item: string) => Reference
): { sources: Reference[]; templates: Map<string, TemplateOrigin> } {
  const expanded = expandSources(items, platforms);
  const sources = expanded.map((x) => {
    try {
      return withDefaultTag(toRef(x.item));
    } catch (e) {
      throw new InputError(`${x.origin}: ${(e as Error).message}`);
    }
  });
  const templates = new Map<string, TemplateOrigin>();
  const seen = new Map<string, SourceItem>();
  sources.forEach((s, i) => {
    const key = formatReference(s);
    const before = seen.get(key);
    const { template: t, origin } = expanded[i];
    if (before !== undefined) {
      const why = t
        ? ` (template "${t.template}" for ${formatPlatform(t.platform)} gives a source that is already listed; a template needs ARCH, and VARIANT where platforms differ only by variant)`
        : '';
      const where = before.origin === origin ? '' : `, ${before.origin}`;
      throw new InputError(`${origin}: "${expanded[i].item}" is listed twice (also as "${before.item}"${where})${why}`);
    }
    seen.set(key, expanded[i]);
    if (t) templates.set(key, t);
  });
  return { sources, templates };
}

/** `platforms`: os/arch[/variant] items, normalized; one listed twice is an error. */
export function parsePlatforms(value: string | undefined): Platform[] {
  const out: Platform[] = [];
  const seen = new Map<string, string>();
  for (const item of splitList(value)) {
    let p: Platform;
    try {
      p = parsePlatform(item);
    } catch (e) {
      throw new InputError(`input "platforms": ${(e as Error).message}`);
    }
    const key = osArchVariant(p);
    const before = seen.get(key);
    if (before !== undefined)
      throw new InputError(`input "platforms": "${item}" is listed twice (also as "${before}")`);
    seen.set(key, item);
    out.push(p);
  }
  return out;
}

/** Templates → one source per platform, in the order of `platforms`; other sources as they are. */
function expandSources(items: SourceItem[], platforms: Platform[]): Array<SourceItem & { template?: TemplateOrigin }> {
  return items.flatMap(({ item, origin }) => {
    if (!isTemplate(item)) return [{ item, origin }];
    if (platforms.length === 0) {
      throw new InputError(
        `${origin}: "${item}" is a template (it holds ${[...new Set(placeholdersOf(item))].join(', ')}), which needs the input "platforms" to say which platforms it stands for; give platforms, or write the source without uppercase OS, ARCH or VARIANT`
      );
    }
    return platforms.map((p) => ({
      item: expandTemplate(item, p),
      origin,
      template: { template: item, platform: p }
    }));
  });
}
