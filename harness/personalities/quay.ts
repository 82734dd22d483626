/**
 * Quay: the same manifest PUT to two tags of one repository at once fails MANIFEST_INVALID
 * (GoogleContainerTools/jib#2470: jib PUT one manifest to `:latest` and `:<ts>` in parallel and
 * one got 400 MANIFEST_INVALID; a Quay maintainer there: "a parallel push of the manifest occurs
 * at the same time and our attempt to create the manifest fails"; fixed later in quay/quay#498).
 * Every manifest PUT is held `holdMs` before it is forwarded, so an overlap is observable: while
 * a PUT of bytes with digest D to repository R is in flight (by tag or by digest), a PUT of D to
 * another tag of R answers 400 MANIFEST_INVALID (a concurrent PUT of D by digest, or to the same
 * tag, is let through). The code and message are Quay's as jib#2470 shows them ("manifest
 * invalid"); the detail is ours.
 */
import type { PersonalityFactory } from './forwarding-proxy';
import { registryError, isDigest, sha256 } from './wire';

export const quay: PersonalityFactory = ({ proxy, opts }) => {
  const holdMs = opts.holdMs ?? 150;
  const inFlight = new Map<string, Map<string, number>>(); // R@D -> reference -> count
  return async (c) => {
    const r = c.route;
    if (r.kind !== 'manifest' || c.method !== 'PUT') return c.pass();
    const body = await c.body();
    const key = `${r.repo}@${sha256(body)}`;
    const refs = inFlight.get(key) ?? new Map<string, number>();
    const other = isDigest(r.ref) ? undefined : [...refs.keys()].find((ref) => ref !== r.ref);
    if (other !== undefined) {
      return c.reply(
        registryError(
          400,
          'MANIFEST_INVALID',
          'manifest invalid',
          { message: `manifest ${key} is being created for ${other}` },
          `concurrent PUT of the same manifest (also to ${other})`
        )
      );
    }
    refs.set(r.ref, (refs.get(r.ref) ?? 0) + 1);
    inFlight.set(key, refs);
    try {
      await proxy.sleep(holdMs);
      return await c.pass({ body, note: `held ${holdMs} ms` });
    } finally {
      const n = (refs.get(r.ref) ?? 1) - 1;
      if (n > 0) refs.set(r.ref, n);
      else refs.delete(r.ref);
      if (refs.size === 0) inFlight.delete(key);
    }
  };
};
