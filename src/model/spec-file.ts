/**
 * manifest-tool's `push from-spec` YAML, turned into the action's inputs. Pure: the edge reads
 * the file. The keys are manifest-tool's (its YAMLInput and ManifestEntry types, lowercased by
 * its YAML decoder: `osversion`, `osfeatures`); a platform field given for an entry overrides
 * what the image's config says, as an annotations line does.
 */
import { LineCounter, type Node, type Pair, type Scalar, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { InputError } from './errors';
import { PLATFORM_FLAGS, type PlatformField, platformValueProblem } from './platform';
import { parseReference, repoName } from './reference';

export interface SpecInputs {
  /** The image, then its repository with each of `tags`. */
  tags: string[];
  /** The manifests' images, in order. */
  sources: string[];
  /** Annotations lines: a platform override per entry, `index:` lines for `annotations`. */
  annotations: string[];
}

const TOP_KEYS = ['image', 'tags', 'manifests', 'annotations'];
const ENTRY_KEYS = ['image', 'platform'];
/** Spec key → the platform field it sets: manifest-tool's lowercased keys, and the JSON spellings. */
const SPEC_FIELDS: Record<string, PlatformField> = {
  architecture: 'architecture',
  os: 'os',
  variant: 'variant',
  osversion: 'os.version',
  'os.version': 'os.version',
  osfeatures: 'os.features',
  'os.features': 'os.features'
};

/** The YAML helpers every part of a spec reads with: errors name the file and the line. */
class SpecReader {
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter
  ) {}

  fail(node: Node | null | undefined, why: string): InputError {
    const at = node?.range ? `line ${this.lines.linePos(node.range[0]).line}` : 'line 1';
    return new InputError(`spec file ${this.file} ${at}: ${why}`);
  }

  keyOf = (pair: Pair): string => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key));

  keyNode = (pair: Pair): Node => pair.key as Node;

  /** Every key known and given once. */
  checkKeys(pairs: Pair[], allowed: string[], where: string): void {
    const seen = new Set<string>();
    for (const p of pairs) {
      const key = this.keyOf(p);
      if (!allowed.includes(key))
        throw this.fail(this.keyNode(p), `unknown key "${key}" ${where} (known: ${allowed.join(', ')})`);
      if (seen.has(key)) throw this.fail(this.keyNode(p), `"${key}" is given twice ${where}`);
      seen.add(key);
    }
  }

  find = (pairs: Pair[], key: string): Pair | undefined => pairs.find((p) => this.keyOf(p) === key);

  /** A scalar as written: `tags: [1.0]` is the tag "1.0", not the number 1. */
  text(node: unknown, what: string, numbersOk: boolean): string {
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim()) return node.value.trim();
    if (numbersOk && isScalar(node) && typeof node.value === 'number')
      return (node as Scalar & { source?: string }).source ?? String(node.value);
    const got = isScalar(node) && node.value !== null ? `, got ${JSON.stringify(node.value)} (quote it)` : '';
    throw this.fail(node as Node, `${what} must be a string${got}`);
  }
}

export function parseSpec(text: string, file: string): SpecInputs {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0]?.line ?? 1;
    throw new InputError(`spec file ${file} line ${line}: not valid YAML (${syntax.message.split('\n')[0]})`);
  }
  const r = new SpecReader(file, lines);
  const root = doc.contents;
  if (!isMap(root)) throw r.fail(root, 'expected a mapping with image, tags and manifests');
  const pairs = root.items as Pair[];
  r.checkKeys(pairs, TOP_KEYS, 'at the top level');
  const tags = specTags(r, root, pairs);
  const { sources, annotations } = specManifests(r, root, pairs);
  annotations.push(...specAnnotations(r, r.find(pairs, 'annotations')));
  return { tags, sources, annotations };
}

/** `image`, then each of `tags` (a bare tag is one of image's repository). */
function specTags(r: SpecReader, root: Node, pairs: Pair[]): string[] {
  const imagePair = r.find(pairs, 'image');
  if (!imagePair) throw r.fail(root, 'no "image": name the target, e.g. image: ghcr.io/owner/app:1.0');
  const image = r.text(imagePair.value, '"image"', false);
  let repo: string;
  try {
    repo = repoName(parseReference(image));
  } catch (err) {
    throw r.fail(imagePair.value as Node, `"image": ${(err as Error).message}`);
  }
  const tags = [image];
  const tagsPair = r.find(pairs, 'tags');
  if (tagsPair && tagsPair.value !== null) {
    const seq = isSeq(tagsPair.value) ? tagsPair.value.items : [tagsPair.value];
    for (const t of seq) {
      const name = r.text(t, 'each of "tags"', true);
      tags.push(name.includes('/') ? name : `${repo}:${name}`);
    }
  }
  return tags;
}

/** `manifests`: each entry's image is a source; its platform becomes an annotations line of annotate flags. */
function specManifests(r: SpecReader, root: Node, pairs: Pair[]): { sources: string[]; annotations: string[] } {
  const manifestsPair = r.find(pairs, 'manifests');
  if (!manifestsPair) throw r.fail(root, 'no "manifests": list the per-platform images, each as "- image: REF"');
  if (!isSeq(manifestsPair.value) || manifestsPair.value.items.length === 0) {
    throw r.fail(
      (manifestsPair.value as Node) ?? r.keyNode(manifestsPair),
      '"manifests" must be a non-empty list of entries with image (and platform)'
    );
  }
  const sources: string[] = [];
  const annotations: string[] = [];
  for (const entry of manifestsPair.value.items) {
    if (!isMap(entry))
      throw r.fail(entry as Node, 'each entry of "manifests" must be a mapping with image (and platform)');
    const entryPairs = entry.items as Pair[];
    r.checkKeys(entryPairs, ENTRY_KEYS, 'in a manifests entry');
    const img = r.find(entryPairs, 'image');
    if (!img) throw r.fail(entry, 'a manifests entry has no "image"');
    const source = r.text(img.value, '"image"', false);
    sources.push(source);
    const platform = r.find(entryPairs, 'platform');
    if (!platform || platform.value === null) continue;
    const flags = platformFlags(r, platform.value as Node);
    if (flags.length) annotations.push(`${source} ${flags.join(' ')}`);
  }
  return { sources, annotations };
}

/** An entry's `platform` → annotate flags, each value checked as it will be written. */
function platformFlags(r: SpecReader, node: Node): string[] {
  if (!isMap(node))
    throw r.fail(node, '"platform" must be a mapping (architecture, os, variant, osversion, osfeatures)');
  const flags: string[] = [];
  const given = new Set<PlatformField>();
  for (const p of node.items as Pair[]) {
    const key = r.keyOf(p);
    const field = SPEC_FIELDS[key];
    if (!field)
      throw r.fail(
        r.keyNode(p),
        `unknown platform field "${key}" (known: architecture, os, variant, osversion, osfeatures)`
      );
    if (given.has(field)) throw r.fail(r.keyNode(p), `platform field "${key}" is given twice`);
    given.add(field);
    if (field === 'os.features') {
      const items = isSeq(p.value) ? p.value.items : [p.value];
      const features = items.map((f) => r.text(f, `each of platform "${key}"`, false));
      if (features.some((f) => /[\s,]/.test(f)))
        throw r.fail(p.value as Node, `platform "${key}": a feature holds a space or a comma`);
      flags.push(PLATFORM_FLAGS[field], features.join(','));
      continue;
    }
    const value = r.text(p.value, `platform field "${key}"`, false);
    if (/\s/.test(value)) throw r.fail(p.value as Node, `platform field "${key}" holds a space: "${value}"`);
    // `architecture: arm/v7` is split by the annotate flag (as `--arch arm/v7`); anything else odd is refused here, at its line.
    const checked = field === 'architecture' ? value.replace(/^([^/]+)\/([^/]+)$/, '$1') : value;
    const problem = field === 'os.version' ? undefined : platformValueProblem(field, checked);
    if (problem) throw r.fail(p.value as Node, `platform field "${key}": ${problem}`);
    flags.push(PLATFORM_FLAGS[field], value);
  }
  return flags;
}

/** `annotations`: OCI annotations on the index, as `index:` lines. */
function specAnnotations(r: SpecReader, ann: Pair | undefined): string[] {
  if (!ann || ann.value === null) return [];
  if (!isMap(ann.value))
    throw r.fail(ann.value as Node, '"annotations" must be a mapping of KEY: VALUE (OCI annotations on the index)');
  return (ann.value.items as Pair[]).map(
    (p) => `index:${r.keyOf(p)}=${r.text(p.value, `annotation "${r.keyOf(p)}"`, true)}`
  );
}
