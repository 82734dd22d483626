/**
 * Several tags in one manifest PUT (distribution spec, "Pushing Manifests", 2026): the request
 * names each tag as a `tag` query parameter of a PUT by digest; a registry that takes them answers
 * an `OCI-Tag` header per accepted tag, comma-joined or on several lines (RFC 9110 §5). Pure.
 */

/** `<digest>?tag=a&tag=b`: the manifest reference of a PUT that asks for every tag at once. */
export function withTagQuery(digest: string, tags: readonly string[]): string {
  return `${digest}?${tags.map((t) => `tag=${encodeURIComponent(t)}`).join('&')}`;
}

/** The tags an answer's `OCI-Tag` header lines name (none when it has none). */
export function ociTagsOf(header: string | string[] | undefined): string[] {
  const lines = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return lines.flatMap((l) => l.split(',').map((t) => t.trim())).filter((t) => t.length > 0);
}
