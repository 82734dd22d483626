/**
 * The agents requests go through in the action and the CLI: direct (transport.ts's nodeAgents), or
 * through the proxy the environment names for that origin (proxy-env.ts) with tunnels kept alive
 * and reused like direct connections (proxy-agent.ts).
 */
import { type ProxyConfig, proxyFor } from '../model/proxy-env';
import { TunnelHttpAgent, TunnelHttpsAgent } from './proxy-agent';
import { type AgentFactory, MAX_SOCKETS, nodeAgents } from './transport';

export function environmentAgents(proxies: ProxyConfig, timeoutMs: number): AgentFactory {
  return (origin, tls) => {
    const proxy = proxyFor(new URL(origin), proxies);
    if (!proxy) return nodeAgents(origin, tls);
    const common = { keepAlive: true, maxSockets: MAX_SOCKETS };
    const agent = origin.startsWith('https:')
      ? new TunnelHttpsAgent(proxy, timeoutMs, {
          ...common,
          rejectUnauthorized: !tls.skipVerify,
          ...(tls.secureContext ? { secureContext: tls.secureContext } : {})
        })
      : new TunnelHttpAgent(proxy, timeoutMs, common);
    return { agent, dispose: () => agent.destroy() };
  };
}
