/**
 * The agents requests go through in the action: the toolkit's HttpClient supplies them
 * (keep-alive, the runner's proxy settings from the environment, TLS options). Kept apart from
 * transport.ts so the transport can be tested with plain Node agents (the toolkit is ESM-only).
 */
import { HttpClient } from '@actions/http-client';
import { type AgentFactory, MAX_SOCKETS } from './transport';

export function toolkitAgents(userAgent: string): AgentFactory {
  return (origin, { skipVerify, secureContext }) => {
    // One client per origin and setting: the toolkit's client caches a single agent for its first protocol.
    const client = new HttpClient(userAgent, [], {
      allowRedirects: false,
      keepAlive: true,
      maxSockets: MAX_SOCKETS,
      ignoreSslError: skipVerify
    });
    const agent = client.getAgent(origin);
    if (secureContext) {
      const a = agent as unknown as { options: Record<string, unknown> };
      a.options = Object.assign(a.options ?? {}, { secureContext });
    }
    return { agent, dispose: () => client.dispose() };
  };
}
