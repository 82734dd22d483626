/**
 * Docker Hub.
 * - No DELETE: 405 UNSUPPORTED (docker/hub-feedback#2360, "Support the OCI delete API":
 *   deleting manifests through the registry API "fails with a 405 (method not allowed)"; the body
 *   is distribution's "The operation is unsupported.").
 * - A manifest GET counts as a pull, a HEAD does not (docs.docker.com/docker-hub/usage/pulls:
 *   a version check with HEAD is not counted); `pulls()` exposes the count.
 * - `RateLimit-Limit` / `RateLimit-Remaining` on manifest GET and HEAD answers, "100;w=21600"
 *   (the docs' own check is a HEAD; values as captured in public gists), plus
 *   `docker-ratelimit-source`.
 * - After `rateLimitAfter` pulls: 429. The overall ("abuse") limit answers a plain-text body
 *   "Too Many Requests (HAP429)." with `Retry-After` (docker/hub-feedback#1907 shows the raw
 *   response: Content-Type text/plain, Retry-After: 60); the pull limit answers JSON
 *   TOOMANYREQUESTS "You have reached your pull rate limit. You may increase the limit by
 *   authenticating and upgrading: https://www.docker.com/increase-rate-limit" (ScribeMD/docker-cache#829).
 *   Only GETs are refused. Test convenience (not Hub's 6 h window): the window restarts once
 *   Retry-After has passed.
 */
import type { PersonalityFactory } from './forwarding-proxy';
import { registryError } from './wire';

export const dockerhub: PersonalityFactory = ({ opts, counters }) => {
  const retryAfter = opts.retryAfterSeconds ?? 60;
  const limit = opts.rateLimitLimit ?? opts.rateLimitAfter ?? 100;
  let windowPulls = 0;
  let limitedUntil = 0;
  return async (c) => {
    const r = c.route;
    if (c.method === 'DELETE')
      return c.reply(
        registryError(405, 'UNSUPPORTED', 'The operation is unsupported.', undefined, 'no DELETE on Docker Hub')
      );
    if (r.kind !== 'manifest' || (c.method !== 'GET' && c.method !== 'HEAD')) return c.pass();
    const now = Date.now();
    if (limitedUntil && now >= limitedUntil) {
      limitedUntil = 0;
      windowPulls = 0;
    }
    const rateHeaders = (remaining: number) => ({
      'RateLimit-Limit': `${limit};w=21600`,
      'RateLimit-Remaining': `${Math.max(0, remaining)};w=21600`,
      'Docker-RateLimit-Source': '127.0.0.1'
    });
    if (
      c.method === 'GET' &&
      opts.rateLimitAfter !== undefined &&
      (limitedUntil || windowPulls >= opts.rateLimitAfter)
    ) {
      if (!limitedUntil) limitedUntil = now + retryAfter * 1000;
      const ra = String(Math.max(1, Math.ceil((limitedUntil - now) / 1000)));
      if ((opts.rateLimitKind ?? 'abuse') === 'abuse') {
        return c.reply({
          status: 429,
          headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache', 'Retry-After': ra },
          body: 'Too Many Requests (HAP429).\n',
          note: 'rate limited (abuse limit)'
        });
      }
      return c.reply(
        registryError(
          429,
          'TOOMANYREQUESTS',
          'You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
          undefined,
          'rate limited (pull limit)',
          { ...rateHeaders(0), 'Retry-After': ra }
        )
      );
    }
    const counts = c.method === 'GET';
    const status = await c.pass({
      responseHeaders: rateHeaders(limit - windowPulls - (counts ? 1 : 0)),
      note: counts ? 'pull counted' : 'HEAD: not a pull'
    });
    if (counts && status === 200) {
      windowPulls++;
      counters.pulls++;
    }
    return status;
  };
};
