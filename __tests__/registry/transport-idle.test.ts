/**
 * The request timer is an idle timer whatever the agent (issue 21): an agent may hand over a socket
 * that is already connected (a proxy's tunnel), which never says 'connect'. A body that keeps
 * flowing for several timeouts is sent; one that stops is cut after the timeout.
 */
import http from 'node:http';
import net from 'node:net';
import { Readable } from 'node:stream';
import { type AgentFactory, Transport } from '../../src/registry/transport';

/** An agent that connects first and hands over the connected socket, as a tunnel agent does. */
class PreConnectedAgent extends http.Agent {
  override createConnection(
    options: http.ClientRequestArgs,
    callback?: (err: Error | null, stream: import('node:stream').Duplex) => void
  ): undefined {
    const s = net.connect(Number(options.port), String(options.host), () => callback?.(null, s));
    s.once('error', (err) => callback?.(err, s));
    return undefined;
  }
}

const preConnected: AgentFactory = () => {
  const agent = new PreConnectedAgent({ keepAlive: true });
  return { agent, dispose: () => agent.destroy() };
};

/** `chunks` chunks of 1 KiB, one every `everyMs`; then, unless `stall`, the end. */
function slowBody(chunks: number, everyMs: number, stall = false): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent === chunks) {
        if (!stall) this.push(null);
        return;
      }
      sent++;
      setTimeout(() => this.push(Buffer.alloc(1024, 'x')), everyMs);
    }
  });
}

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let n = 0;
    req.on('data', (d: Buffer) => (n += d.length));
    req.on('end', () => res.end(String(n)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const transport = () =>
  new Transport({ userAgent: 't', timeoutMs: 300, certsDir: '/nonexistent', agents: preConnected });

test('an upload that flows for four timeouts through an already-connected socket is sent whole', async () => {
  const t = transport();
  try {
    const started = Date.now();
    const res = await t.request({
      method: 'PUT',
      url: `${base}/upload`,
      headers: { 'Content-Length': String(12 * 1024) },
      body: slowBody(12, 100)
    });
    expect([res.status, res.body.toString()]).toEqual([200, String(12 * 1024)]);
    expect(Date.now() - started).toBeGreaterThan(1_000);
  } finally {
    t.dispose();
  }
});

test('an upload that stops is cut as TIMEOUT, about one timeout after its last byte', async () => {
  const t = transport();
  try {
    const started = Date.now();
    const err = await t
      .request({
        method: 'PUT',
        url: `${base}/upload`,
        headers: { 'Content-Length': String(100 * 1024) },
        body: slowBody(3, 50, true)
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TIMEOUT' });
    const ms = Date.now() - started;
    expect(ms).toBeGreaterThan(300);
    expect(ms).toBeLessThan(1_200);
  } finally {
    t.dispose();
  }
});
