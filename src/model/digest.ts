/**
 * Content digests, in one place: the image spec's grammar (descriptor.md, "Digests"), the
 * algorithms this tool can verify, and the distribution spec's referrers tag of a digest. Pure.
 */
import { createHash } from 'node:crypto';
import { IntegrityError } from './errors';

export interface Digest {
  algorithm: string;
  encoded: string;
}

/** `algorithm ":" encoded`; algorithm components joined by `+._-`; encoded `[a-zA-Z0-9=_-]+`. */
const GRAMMAR = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;

/** Registered algorithms and their encoded form; `verifiable`: Node's crypto computes it. */
const REGISTERED: Record<string, { hex: number; verifiable: boolean }> = {
  sha256: { hex: 64, verifiable: true },
  sha512: { hex: 128, verifiable: true },
  // Registered by the image spec in 2026; Node has no blake3, so its digests cannot be checked.
  blake3: { hex: 64, verifiable: false }
};

export type Algorithm = 'sha256' | 'sha512';
const VERIFIABLE = Object.keys(REGISTERED).filter((a) => REGISTERED[a].verifiable);

/** Split by the grammar; undefined when it is not a digest at all. */
export function parseDigest(s: string): Digest | undefined {
  const m = GRAMMAR.exec(s);
  return m ? { algorithm: m[1], encoded: m[2] } : undefined;
}

/** Why `s` cannot be used as a digest here, in words for an error line; undefined when it can. */
export function digestProblem(s: string): string | undefined {
  const d = parseDigest(s);
  if (!d) return `"${s}" is not a digest (algorithm:encoded, e.g. sha256:<64 hex digits>)`;
  const known = REGISTERED[d.algorithm];
  const can = VERIFIABLE.join(' and ');
  if (!known) return `digest algorithm "${d.algorithm}" is not supported (${can} are)`;
  if (!known.verifiable)
    return `digest algorithm "${d.algorithm}" is registered but cannot be verified here (${can} can)`;
  if (!new RegExp(`^[a-f0-9]{${known.hex}}$`).test(d.encoded))
    return `"${s}" is not a ${d.algorithm} digest (${known.hex} lowercase hex digits)`;
  return undefined;
}

/** A digest this tool can verify (sha256 or sha512, well formed). */
export function isDigest(s: string): boolean {
  return digestProblem(s) === undefined;
}

/** A manifest reference (tag or digest) names a digest: a tag can never hold ":". */
export function isDigestRef(ref: string): boolean {
  return ref.includes(':');
}

/** The digest of `data` with `algorithm` (sha256 unless told). */
export function digestOf(data: Buffer | string, algorithm: Algorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(data).digest('hex')}`;
}

/** The algorithm of a usable digest; throws IntegrityError (one line) for any other. */
export function algorithmOf(digest: string): Algorithm {
  const problem = digestProblem(digest);
  if (problem) throw new IntegrityError(problem);
  return parseDigest(digest)!.algorithm as Algorithm;
}

/** Whether `data` has `digest`, computed with the digest's own algorithm. */
export function matchesDigest(data: Buffer, digest: string): boolean {
  return digestOf(data, algorithmOf(digest)) === digest;
}

/** What a tag may not hold (distribution spec, `<reference>` as a tag), replaced by `-`. */
const NOT_IN_TAG = /[^a-zA-Z0-9_.-]/g;

/**
 * The distribution spec's "Referrers Tag Schema": the algorithm truncated to 32 characters, `-`,
 * the encoded part truncated to 64, characters a tag may not hold replaced by `-`.
 */
export function referrersTag(digest: string): string {
  const d = parseDigest(digest);
  if (!d) throw new IntegrityError(`"${digest}" is not a digest`);
  return `${d.algorithm.slice(0, 32)}-${d.encoded.slice(0, 64)}`.replace(NOT_IN_TAG, '-');
}
