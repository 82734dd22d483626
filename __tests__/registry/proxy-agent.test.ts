/** The tunnel agents against the harness's forward proxy: tunnels kept alive, refusals named (issue 21). */
import http from 'node:http';
import type net from 'node:net';
import { parseProxy } from '../../src/model/proxy-env';
import { connectRefusal, TunnelHttpAgent } from '../../src/registry/proxy-agent';
import { startForwardProxy, type ForwardProxy } from '../../harness/forward-proxy';

let server: http.Server;
let port: number;
let proxy: ForwardProxy;
beforeAll(async () => {
  server = http.createServer((req, res) => res.end(`hello ${req.url}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
  proxy = await startForwardProxy({ auth: { user: 'u', password: 'p w' } });
});
afterAll(async () => {
  await proxy.stop();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function get(agent: http.Agent, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: 'reg.corp.test', port, path, agent }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

test('sequential requests share one tunnel; parallel ones open only as many as are in flight', async () => {
  const agent = new TunnelHttpAgent(parseProxy(`http://u:p%20w@${proxy.host}`), 5000, { keepAlive: true });
  try {
    const before = proxy.tunnels.length;
    for (let i = 0; i < 5; i++) expect(await get(agent, `/${i}`)).toBe(`hello /${i}`);
    expect(proxy.tunnels.length - before).toBe(1);
    await Promise.all([1, 2, 3].map((i) => get(agent, `/p${i}`)));
    expect(proxy.tunnels.length - before).toBe(3);
  } finally {
    agent.destroy();
  }
});

test('a 407 fails the request at once, naming the proxy and never its credentials', async () => {
  const agent = new TunnelHttpAgent(parseProxy(`http://u:secret-pw@${proxy.host}`), 5000, { keepAlive: true });
  try {
    const err = (await get(agent, '/').catch((e: unknown) => e)) as Error & { code?: string };
    expect(err.code).toBe('PROXY_AUTH');
    expect(err.message).toContain(`proxy ${proxy.host} answered 407`);
    expect(err.message).not.toContain('secret-pw');
  } finally {
    agent.destroy();
  }
});

describe('connectRefusal', () => {
  const p = parseProxy('http://proxy.corp.test:3128');
  test.each([
    ['HTTP/1.1 200 Connection Established', undefined],
    ['HTTP/1.0 200 OK', undefined],
    ['HTTP/1.1 407 Proxy Authentication Required', 'PROXY_AUTH'],
    ['HTTP/1.1 403 Forbidden', 'PROXY'],
    ['HTTP/1.1 502 Bad Gateway', 'ECONNREFUSED'],
    ['SSH-2.0-OpenSSH', 'PROXY']
  ])('%s → %s', (line, code) => {
    expect(connectRefusal(p, 'reg:443', line)?.code).toBe(code);
  });
  test('a 407 without credentials says to put them in the proxy URL', () => {
    expect(connectRefusal(p, 'reg:443', 'HTTP/1.1 407 Proxy Authentication Required')?.message).toBe(
      'proxy proxy.corp.test:3128 answered 407 Proxy Authentication Required to CONNECT reg:443: it asks for credentials: put user:password in the proxy URL (HTTPS_PROXY / HTTP_PROXY)'
    );
  });
});
