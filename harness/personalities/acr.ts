/** Azure Container Registry: the OCI-index Accept rule (Azure/azure-cli#25280, Azure/acr-cli#132). */
import type { PersonalityFactory } from './forwarding-proxy';
import { passWithIndexAcceptRule } from './index-accept-rule';

export const acr: PersonalityFactory = () => {
  return async (c) => {
    if (c.route.kind === 'manifest' && (c.method === 'GET' || c.method === 'HEAD')) return passWithIndexAcceptRule(c);
    return c.pass();
  };
};
