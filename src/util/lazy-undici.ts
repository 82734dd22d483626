/**
 * What the bundles see as `undici` (bundle/tsconfig.json maps the name here). The toolkit's
 * http-client imports undici's ProxyAgent when it loads, and so does @actions/core through it,
 * yet the action uses neither (its agents are Node's, see registry/agents.ts): only the GitHub
 * Packages client (@actions/github: undici's fetch, and ProxyAgent behind a proxy) does. Parsing and
 * running undici's 0.9 MB cost ~20 ms of every run's start; here it comes with that client's
 * chunk instead (registry/real-undici.ts hands it over), loaded only when GHCR clean-up runs.
 */
import type * as Undici from 'undici/index.js';

let real: typeof Undici | undefined;

/** The real undici, from the chunk that bundles it. */
export function provideUndici(u: typeof Undici): void {
  real = u;
}

function undici(): typeof Undici {
  if (!real)
    throw new Error(
      'internal error: undici was used before the GitHub Packages client loaded it (src/util/lazy-undici.ts)'
    );
  return real;
}

/** undici's ProxyAgent (the toolkit's getAgentDispatcher makes one per proxy). */
export class ProxyAgent {
  constructor(...args: ConstructorParameters<typeof Undici.ProxyAgent>) {
    // A constructor that returns an object makes `new` give that object: the real agent.
    return new (undici().ProxyAgent)(...args);
  }
}

/** undici's fetch (@actions/github's fetch through the runner's proxy). */
export const fetch: typeof Undici.fetch = (...args) => undici().fetch(...args);
