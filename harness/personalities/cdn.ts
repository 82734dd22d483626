/**
 * A registry behind a CDN / with replication lag: a manifest just PUT is unknown for a moment
 * (int128/docker-manifest-create-action#857, "Image not available to get digest right after
 * pushing (registry replication latency)": docker.io answered "not found" right after the push;
 * estesp/manifest-tool#191 shows the list PUT failing on a child pushed just before). For `lagMs`
 * after a manifest PUT (by digest or tag), GET/HEAD of that digest or tag answer 404
 * MANIFEST_UNKNOWN, and a PUT of an index/list that references it answers 400
 * MANIFEST_BLOB_UNKNOWN (distribution's answer for a list child it cannot find).
 */
import type { PersonalityFactory } from './forwarding-proxy';
import { registryError, isDigest, sha256 } from './wire';

export const cdn: PersonalityFactory = ({ opts }) => {
  const lagMs = opts.lagMs ?? 1500;
  const visibleAt = new Map<string, number>(); // R@ref -> when it becomes visible
  const lagging = (key: string): boolean => {
    const t = visibleAt.get(key);
    if (t === undefined) return false;
    if (Date.now() < t) return true;
    visibleAt.delete(key);
    return false;
  };
  return async (c) => {
    const r = c.route;
    if (r.kind !== 'manifest') return c.pass();
    if (c.method === 'GET' || c.method === 'HEAD') {
      if (lagging(`${r.repo}@${r.ref}`)) {
        return c.reply(
          registryError(
            404,
            'MANIFEST_UNKNOWN',
            'manifest unknown',
            isDigest(r.ref) ? undefined : { Tag: r.ref },
            'not yet visible (lag)'
          )
        );
      }
      return c.pass();
    }
    if (c.method !== 'PUT') return c.pass();
    const body = await c.body();
    let children: string[] = [];
    try {
      const m = JSON.parse(body.toString('utf8')) as { manifests?: Array<{ digest?: unknown }> };
      if (Array.isArray(m.manifests))
        children = m.manifests.map((d) => d.digest).filter((d): d is string => typeof d === 'string');
    } catch {
      /* the backend judges it */
    }
    const missing = children.find((d) => lagging(`${r.repo}@${d}`));
    if (missing)
      return c.reply(
        registryError(
          400,
          'MANIFEST_BLOB_UNKNOWN',
          'blob unknown to registry',
          missing,
          `child ${missing} not yet visible (lag)`
        )
      );
    const status = await c.pass({ body });
    if (status === 201) {
      const t = Date.now() + lagMs;
      visibleAt.set(`${r.repo}@${sha256(body)}`, t);
      visibleAt.set(`${r.repo}@${r.ref}`, t);
      c.entry.note = `unknown for ${lagMs} ms`;
      c.entry.by = 'personality';
    }
    return status;
  };
};
