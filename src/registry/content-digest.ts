/**
 * Checking a registry's answer against its bytes: the digest asked for, and `Docker-Content-Digest`
 * (a MUST on manifest and blob answers since the 2026 distribution spec; verified where given,
 * with its own algorithm, where this tool can compute it). Pure.
 */
import { algorithmOf, digestOf, isDigest, matchesDigest } from '../model/digest';

/**
 * Why an answer's `bytes` cannot be what `registry` says they are, in words for an error line;
 * undefined when they can. `asked`: the digest the request named (undefined for a tag).
 */
export function contentDigestMismatch(
  registry: string,
  bytes: Buffer,
  asked: string | undefined,
  claimed: unknown
): string | undefined {
  if (asked !== undefined && !matchesDigest(bytes, asked))
    return `${registry} sent bytes whose digest is ${digestOf(bytes, algorithmOf(asked))}, not ${asked} as asked`;
  // A digest this tool cannot compute (blake3) is left unchecked: the spec lets clients ignore it.
  if (typeof claimed === 'string' && isDigest(claimed) && !matchesDigest(bytes, claimed))
    return `${registry} answered Docker-Content-Digest ${claimed}, but the bytes it sent have digest ${digestOf(bytes, algorithmOf(claimed))}`;
  return undefined;
}

/** The same for a PUT: the digest the registry says it stored against the bytes sent. */
export function storedDigestMismatch(
  registry: string,
  bytes: Buffer,
  sent: string,
  claimed: unknown
): string | undefined {
  if (typeof claimed !== 'string' || claimed === sent || !isDigest(claimed) || matchesDigest(bytes, claimed))
    return undefined;
  return `${registry} answered Docker-Content-Digest ${claimed}, but the manifest sent has digest ${sent}`;
}
