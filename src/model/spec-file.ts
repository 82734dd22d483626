/**
 * manifest-tool's `push from-spec` YAML, turned into the action's inputs. Pure: the edge reads
 * the file. The keys are manifest-tool's (its YAMLInput and ManifestEntry types, lowercased by
 * its YAML decoder: `osversion`, `osfeatures`); a platform field given for an entry overrides
 * what the image's config says, as an annotations line does.
 */
import { LineCounter, type Node, type Pair, type Scalar, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { InputError } from './errors';
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
/** Spec field → the annotate flag that sets it. `os.version`/`os.features` are the JSON spellings. */
const PLATFORM_FLAGS: Record<string, string> = {
  architecture: '--arch',
  os: '--os',
  variant: '--variant',
  osversion: '--os-version',
  'os.version': '--os-version',
  osfeatures: '--os-features',
  'os.features': '--os-features'
};

export function parseSpec(text: string, file: string): SpecInputs {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const at = (node: Node | null | undefined) => (node?.range ? `line ${lines.linePos(node.range[0]).line}` : 'line 1');
  const fail = (node: Node | null | undefined, why: string) => new InputError(`spec file ${file} ${at(node)}: ${why}`);

  const syntax = doc.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0]?.line ?? 1;
    throw new InputError(`spec file ${file} line ${line}: not valid YAML (${syntax.message.split('\n')[0]})`);
  }
  const root = doc.contents;
  if (!isMap(root)) throw fail(root, 'expected a mapping with image, tags and manifests');

  const keyOf = (pair: Pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key));
  const keyNode = (pair: Pair) => pair.key as Node;
  const checkKeys = (pairs: Pair[], allowed: string[], where: string) => {
    const seen = new Set<string>();
    for (const p of pairs) {
      if (!allowed.includes(keyOf(p)))
        throw fail(keyNode(p), `unknown key "${keyOf(p)}" ${where} (known: ${allowed.join(', ')})`);
      if (seen.has(keyOf(p))) throw fail(keyNode(p), `"${keyOf(p)}" is given twice ${where}`);
      seen.add(keyOf(p));
    }
  };
  const find = (pairs: Pair[], key: string) => pairs.find((p) => keyOf(p) === key);
  /** A scalar as written: `tags: [1.0]` is the tag "1.0", not the number 1. */
  const text_ = (node: unknown, what: string, numbersOk: boolean): string => {
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim()) return node.value.trim();
    if (numbersOk && isScalar(node) && typeof node.value === 'number')
      return (node as Scalar & { source?: string }).source ?? String(node.value);
    throw fail(
      node as Node,
      `${what} must be a string${isScalar(node) && node.value !== null ? `, got ${JSON.stringify(node.value)} (quote it)` : ''}`
    );
  };

  checkKeys(root.items as Pair[], TOP_KEYS, 'at the top level');
  const imagePair = find(root.items as Pair[], 'image');
  if (!imagePair) throw fail(root, 'no "image": name the target, e.g. image: ghcr.io/owner/app:1.0');
  const image = text_(imagePair.value, '"image"', false);
  let repo: string;
  try {
    repo = repoName(parseReference(image));
  } catch (err) {
    throw fail(imagePair.value as Node, `"image": ${(err as Error).message}`);
  }

  const tags = [image];
  const tagsPair = find(root.items as Pair[], 'tags');
  if (tagsPair && tagsPair.value !== null) {
    const seq = isSeq(tagsPair.value) ? tagsPair.value.items : [tagsPair.value];
    for (const t of seq) {
      const name = text_(t, 'each of "tags"', true);
      tags.push(name.includes('/') ? name : `${repo}:${name}`);
    }
  }

  const manifestsPair = find(root.items as Pair[], 'manifests');
  if (!manifestsPair) throw fail(root, 'no "manifests": list the per-platform images, each as "- image: REF"');
  if (!isSeq(manifestsPair.value) || manifestsPair.value.items.length === 0) {
    throw fail(
      (manifestsPair.value as Node) ?? keyNode(manifestsPair),
      '"manifests" must be a non-empty list of entries with image (and platform)'
    );
  }
  const sources: string[] = [];
  const annotations: string[] = [];
  for (const entry of manifestsPair.value.items) {
    if (!isMap(entry))
      throw fail(entry as Node, 'each entry of "manifests" must be a mapping with image (and platform)');
    const pairs = entry.items as Pair[];
    checkKeys(pairs, ENTRY_KEYS, 'in a manifests entry');
    const img = find(pairs, 'image');
    if (!img) throw fail(entry, 'a manifests entry has no "image"');
    const source = text_(img.value, '"image"', false);
    sources.push(source);
    const platform = find(pairs, 'platform');
    if (!platform || platform.value === null) continue;
    if (!isMap(platform.value))
      throw fail(
        platform.value as Node,
        '"platform" must be a mapping (architecture, os, variant, osversion, osfeatures)'
      );
    const flags: string[] = [];
    const given = new Set<string>();
    for (const p of platform.value.items as Pair[]) {
      const key = keyOf(p);
      if (PLATFORM_FLAGS[key] && given.has(PLATFORM_FLAGS[key]))
        throw fail(keyNode(p), `platform field "${key}" is given twice`);
      given.add(PLATFORM_FLAGS[key]);
      const flag = PLATFORM_FLAGS[key];
      if (!flag)
        throw fail(
          keyNode(p),
          `unknown platform field "${key}" (known: architecture, os, variant, osversion, osfeatures)`
        );
      if (key === 'osfeatures' || key === 'os.features') {
        const items = isSeq(p.value) ? p.value.items : [p.value];
        const features = items.map((f) => text_(f, `each of platform "${key}"`, false));
        if (features.some((f) => /[\s,]/.test(f)))
          throw fail(p.value as Node, `platform "${key}": a feature holds a space or a comma`);
        flags.push(flag, features.join(','));
      } else {
        const value = text_(p.value, `platform field "${key}"`, false);
        if (/\s/.test(value)) throw fail(p.value as Node, `platform field "${key}" holds a space: "${value}"`);
        flags.push(flag, value);
      }
    }
    if (flags.length) annotations.push(`${source} ${flags.join(' ')}`);
  }

  const ann = find(root.items as Pair[], 'annotations');
  if (ann && ann.value !== null) {
    if (!isMap(ann.value))
      throw fail(ann.value as Node, '"annotations" must be a mapping of KEY: VALUE (OCI annotations on the index)');
    for (const p of ann.value.items as Pair[])
      annotations.push(`index:${keyOf(p)}=${text_(p.value, `annotation "${keyOf(p)}"`, true)}`);
  }
  return { tags, sources, annotations };
}
