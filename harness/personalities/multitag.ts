/**
 * A registry that takes several tags in one manifest PUT by digest (opencontainers/distribution-spec
 * spec.md, "Pushing Manifests", 2026: "the registry MAY support the pushing of tags specified by
 * addition of `tag` query parameters"; it SHOULD take at least 10 per request, MAY answer 414 "if
 * too many tags are included", and MUST answer an `OCI-Tag` header for each accepted tag; the
 * spec's example answer is `OCI-Tag: 1.2.3, 1.2, 1` then `OCI-Tag: latest`, so this one names three
 * tags per header line). distribution 2.8 ignores the parameter, so the personality puts the
 * manifest by digest, then under each tag, to the backend itself with the client's credentials:
 * the backend stores everything. Options: `maxTags` (default 10): more answer 414.
 * `refuseTagsWith`: every PUT with tags answers 431 or 400 instead (the spec: "Clients MAY see
 * other status codes (431 Request Header Fields Too Large)"; a 400 for a query parameter a registry
 * does not take is unconfirmed for any named registry). `unnamedTags`: tags it neither sets nor
 * names, as a registry whose tag policy refuses them would answer.
 */
import http from 'node:http';
import type { InterceptedRequest } from './intercepted-request';
import type { PersonalityFactory } from './forwarding-proxy';
import type { PersonalityOptions } from './types';
import { TAG_RE, isDigest } from './wire';

/** Put the manifest under each tag the backend takes, in order; the tags set. */
async function setTags(c: InterceptedRequest, repo: string, tags: string[], body: Buffer, opts: PersonalityOptions) {
  const type = { 'content-type': String(c.req.headers['content-type'] ?? '') };
  const set: string[] = [];
  for (const t of tags) {
    if (opts.unnamedTags?.includes(t) || !TAG_RE.test(t)) continue;
    const put = await c.backend('PUT', `/v2/${repo}/manifests/${t}`, type, body);
    if (put.status !== 201) break; // the tags set so far are named
    set.push(t);
  }
  return set;
}

export const multitag: PersonalityFactory = ({ opts }) => {
  const max = opts.maxTags ?? 10;
  return async (c) => {
    const r = c.route;
    const tags = c.url.searchParams.getAll('tag');
    if (c.method !== 'PUT' || r.kind !== 'manifest' || !isDigest(r.ref) || tags.length === 0) return c.pass();
    const refuse = opts.refuseTagsWith ?? (tags.length > max ? 414 : undefined);
    if (refuse) {
      const body = `${http.STATUS_CODES[refuse] ?? 'refused'}\n`;
      return c.reply({ status: refuse, headers: { 'Content-Type': 'text/plain' }, body, note: `${tags.length} tags` });
    }
    const body = await c.body();
    const type = { 'content-type': String(c.req.headers['content-type'] ?? '') };
    const byDigest = await c.backend('PUT', `/v2/${r.repo}/manifests/${r.ref}`, type, body);
    if (byDigest.status !== 201) return c.relay(byDigest, 'PUT by digest refused');
    const set = await setTags(c, r.repo, tags, body, opts);
    const lines: string[] = [];
    for (let i = 0; i < set.length; i += 3) lines.push(set.slice(i, i + 3).join(', '));
    const digest = byDigest.headers['docker-content-digest'];
    return c.reply({
      status: 201,
      headers: {
        Location: `/v2/${r.repo}/manifests/${r.ref}`,
        ...(typeof digest === 'string' ? { 'Docker-Content-Digest': digest } : {}),
        ...(lines.length ? { 'OCI-Tag': lines } : {})
      },
      note: `tags set: ${set.join(', ') || 'none'}`
    });
  };
};
