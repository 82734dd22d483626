/** The modelled network: latency proxies in front of the registry and of its token server. */
import { startProxy, type Proxy, type ProxyRequest } from '../../harness/proxy';
import type { TestRegistry } from '../../harness/registry';
import { type CpuSplit, registryPid } from './cpu';
import { criticalPath } from './critical-path';

export interface Net {
  rttMs: number;
  /** the registry as the clients see it: 127.0.0.1:PORT of the registry proxy */
  host: string;
  registry: Proxy;
  token: Proxy;
  /** the docker-registry process behind the proxies, for its CPU */
  registryPid?: number;
}

export async function startNet(
  reg: TestRegistry,
  rttMs: number,
  handshakeRtts: number,
  sameHostToken = false
): Promise<Net> {
  const realm = new URL(reg.token!.realm);
  const tokenOrigin = realm.origin;
  const token = await startProxy({ target: tokenOrigin, rttMs, handshakeRtts });
  // --same-host-token: the registry's proxy serves the token path itself (its realm names the registry's host).
  const registry = await startProxy(
    sameHostToken
      ? {
          target: reg.url,
          rttMs,
          handshakeRtts,
          realm: { from: tokenOrigin, to: 'self' },
          routes: [{ prefix: realm.pathname, target: tokenOrigin }]
        }
      : { target: reg.url, rttMs, handshakeRtts, realm: { from: tokenOrigin, to: token.url } }
  );
  return { rttMs, host: registry.host, registry, token, registryPid: registryPid(reg) };
}

export const resetNet = (n: Net) => {
  n.registry.reset();
  n.token.reset();
};

export function netRequests(n: Net): Array<ProxyRequest & { via: 'registry' | 'token' }> {
  return [
    ...n.registry.requests.map((r) => ({ ...r, via: 'registry' as const })),
    ...n.token.requests.map((r) => ({ ...r, via: 'token' as const, conn: r.conn + 1e6 }))
  ].sort((a, b) => a.start - b.start);
}

/**
 * The round trip the proxy really delivers on this machine: sequential GET /v2/ on one kept-alive
 * connection, through the RTT net and through the 0 ms net; the difference of the means. Timer and
 * wake-up latency make it a little longer than the model's RTT.
 */
export async function calibrate(slow: Net, fast: Net): Promise<number> {
  const http = await import('node:http');
  const mean = async (net: Net) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const once = () =>
      new Promise<number>((resolve, reject) => {
        const t = performance.now();
        http
          .get(`${net.registry.url}/v2/`, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(performance.now() - t));
          })
          .on('error', reject);
      });
    try {
      await once(); // the connection (and its handshake)
      let sum = 0;
      for (let i = 0; i < 25; i++) sum += await once();
      return sum / 25;
    } finally {
      agent.destroy();
    }
  };
  const rtt = (await mean(slow)) - (await mean(fast));
  resetNet(slow);
  resetNet(fast);
  return rtt;
}

export interface Sample {
  ms: number;
  requests: number;
  connections: number;
  /** connections that carried no request (TLS probes of the plain-HTTP proxy; free in the model) */
  idle: number;
  /** round trips the model charges along the critical path of the request log (criticalPath) */
  pathRtts: number;
  /** CPU milliseconds the run cost each party on this machine */
  cpu: CpuSplit;
}

export function netSample(n: Net, ms: number, handshakeRtts: number, cpu: CpuSplit): Sample {
  const a = n.registry.stats();
  const b = n.token.stats();
  return {
    ms,
    requests: a.requests + b.requests,
    connections: a.connections + b.connections,
    idle: a.idleConnections + b.idleConnections,
    pathRtts: criticalPath(netRequests(n), handshakeRtts).rtts,
    cpu
  };
}

/** Stop both proxies of each net. */
export async function stopNets(...nets: Net[]): Promise<void> {
  for (const p of nets) await Promise.all([p.registry.stop(), p.token.stop()]);
}
