/**
 * Google Artifact Registry (and GCR before it): genuinetools/reg#136 shows both answers.
 * - DELETE by digest while a tag points at it: 400 GOOGLE_MANIFEST_DANGLING_TAG "Manifest is still
 *   referenced by tag: T" (several tags: sorted, listed with ", "; unconfirmed).
 * - DELETE by tag removes the tag only: 202, the manifest stays.
 * Distribution 2.8 has no tag DELETE over its API (a DELETE by tag answers 400 DIGEST_INVALID), so
 * the tag is removed the way distribution itself removes one when it untags (its tag store deletes
 * the directory <root>/docker/registry/v2/repositories/<repo>/_manifests/tags/<tag>): the registry
 * still holds all the data and answers every later request itself; nothing is kept here. That
 * needs the backend's storage root (TestRegistry.root). Before touching it, the client's own
 * DELETE by tag is sent to the backend as a probe: distribution checks the `delete` permission
 * before its handler refuses the tag (400), so 401/403 (no right) and 405 (deletes disabled) are
 * relayed and nothing is removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PersonalityFactory } from './forwarding-proxy';
import { registryError, isDigest, TAG_RE, REPO_RE } from './wire';

export const gar: PersonalityFactory = ({ backend }) => {
  return async (c) => {
    const r = c.route;
    if (r.kind !== 'manifest' || c.method !== 'DELETE') return c.pass();
    if (isDigest(r.ref)) {
      const { tags, refused } = await c.tagsPointingAt(r.repo, r.ref);
      if (refused) return c.relay(refused, 'tag lookup refused');
      if (tags.length > 0) {
        return c.reply(
          registryError(
            400,
            'GOOGLE_MANIFEST_DANGLING_TAG',
            `Manifest is still referenced by tag: ${tags.join(', ')}`,
            undefined,
            `still tagged ${tags.join(', ')}`
          )
        );
      }
      return c.pass();
    }
    if (!backend.root) {
      return c.reply(
        registryError(
          500,
          'UNKNOWN',
          'gar personality: DELETE by tag needs the backend storage root (TestRegistry.root)',
          undefined,
          'no storage root'
        )
      );
    }
    if (!REPO_RE.test(r.repo) || !TAG_RE.test(r.ref))
      return c.reply(registryError(400, 'TAG_INVALID', 'manifest tag did not match URI', undefined, 'bad tag'));
    const probe = await c.backend('DELETE', `/v2/${r.repo}/manifests/${r.ref}`);
    if (probe.status !== 400) return c.relay(probe, 'DELETE by tag refused by the backend');
    const t = await c.resolve(r.repo, r.ref);
    if (!t.digest) return c.notResolved(t.answer, r.ref);
    const tagDir = path.join(
      backend.root,
      'docker/registry/v2/repositories',
      ...r.repo.split('/'),
      '_manifests/tags',
      r.ref
    );
    fs.rmSync(tagDir, { recursive: true, force: true });
    return c.reply({ status: 202, note: `tag ${r.ref} removed (manifest ${t.digest} kept)` });
  };
};
