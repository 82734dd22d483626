/**
 * Harbor.
 * - DELETE of a tag deletes the artifact and every tag on it: Harbor's documentation, "If
 *   multiple tags refer to the same image, then deleting one tag results in the deletion of all
 *   tags for that image" (docs updated in goharbor/harbor#11988; see also goharbor/harbor#2663,
 *   "registry only accepts using digest to DELETE tag", and #22170, where a maintainer says
 *   this holds for older Harbor). Translated here into: resolve the tag's digest (HEAD), then
 *   DELETE by digest on the backend (which needs storage.delete enabled), which removes every
 *   tag on it. `tagDelete: "unsupported"` instead models Harbor 2.x's /v2 handler
 *   (src/server/registry/manifest.go: "v2 doesn't support delete by tag", answered with
 *   errors.UNSUPPORTED, which src/lib/http/error.go maps to 400).
 * - A mount from another project (first path component differs) answers 401 UNAUTHORIZED, not
 *   202 (goharbor/harbor#17097: "harbor fails and returns a 401 with `UNAUTHORIZED: project
 *   examplegroup not found: project examplegroup not found`, whereas it should return a 202").
 *   No challenge header is sent with it. A mount within the project passes through.
 */
import type { PersonalityFactory } from './forwarding-proxy';
import { registryError, isDigest } from './wire';

export const harbor: PersonalityFactory = ({ opts }) => {
  const tagDelete = opts.tagDelete ?? 'artifact';
  return async (c) => {
    const r = c.route;
    if (r.kind === 'manifest' && c.method === 'DELETE' && !isDigest(r.ref)) {
      if (tagDelete === 'unsupported') {
        return c.reply(
          registryError(
            400,
            'UNSUPPORTED',
            `unsupported digest ${r.ref}: invalid checksum digest format`,
            undefined,
            'DELETE by tag unsupported (Harbor 2.x)'
          )
        );
      }
      const t = await c.resolve(r.repo, r.ref);
      if (!t.digest) return c.notResolved(t.answer, r.ref);
      return c.pass({
        path: `/v2/${r.repo}/manifests/${t.digest}`,
        note: `DELETE by tag -> DELETE ${t.digest} (every tag on it)`
      });
    }
    const from = c.url.searchParams.get('from');
    if (r.kind === 'upload' && c.method === 'POST' && c.url.searchParams.has('mount') && from) {
      const project = from.split('/')[0];
      if (project !== r.repo.split('/')[0]) {
        return c.reply(
          registryError(
            401,
            'UNAUTHORIZED',
            `project ${project} not found: project ${project} not found`,
            undefined,
            `mount from another project (${project})`
          )
        );
      }
    }
    return c.pass();
  };
};
