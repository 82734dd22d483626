/**
 * GitHub Container Registry: no manifest DELETE over the registry API, 405 UNSUPPORTED "The
 * operation is unsupported." (containers/skopeo#1880; package versions are deleted through the
 * REST API instead, see ./github-packages-api); the OCI-index Accept rule (see passWithIndexAcceptRule).
 */
import type { PersonalityFactory } from './forwarding-proxy';
import { passWithIndexAcceptRule } from './index-accept-rule';
import { registryError } from './wire';

export const ghcr: PersonalityFactory = () => {
  return async (c) => {
    if (c.method === 'DELETE')
      return c.reply(
        registryError(405, 'UNSUPPORTED', 'The operation is unsupported.', undefined, 'no DELETE on GHCR')
      );
    if (c.route.kind === 'manifest' && (c.method === 'GET' || c.method === 'HEAD')) return passWithIndexAcceptRule(c);
    return c.pass();
  };
};
