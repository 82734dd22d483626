/**
 * Agents that reach a registry through an HTTP(S) proxy with CONNECT tunnels: Node's own keep-alive
 * pool around them (a tunnel, once open, carries request after request like a direct connection),
 * the proxy's answer read here so a 407 or an unreachable proxy fails at once naming the proxy,
 * never its credentials. Replaces the toolkit's `tunnel` agents, which open a tunnel per request
 * and print a Buffer() deprecation warning when the proxy URL carries a password.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { type Duplex } from 'node:stream';
import tls from 'node:tls';
import { TransportError } from '../model/errors';
import { type ProxyTarget } from '../model/proxy-env';

type Done = (err: Error | null, socket?: net.Socket) => void;
/** What Node's Agent passes to createConnection. */
type Callback = ((err: Error | null, stream: Duplex) => void) | undefined;

/** The proxy's answer to CONNECT as an error, or undefined for 2xx. Exported for unit tests. */
export function connectRefusal(proxy: ProxyTarget, target: string, statusLine: string): TransportError | undefined {
  const m = /^HTTP\/\d(?:\.\d)? (\d{3})\s*(.*)$/.exec(statusLine);
  const status = m ? Number(m[1]) : 0;
  if (status >= 200 && status < 300) return undefined;
  const said = m ? `${status}${m[2] ? ` ${m[2]}` : ''}` : JSON.stringify(statusLine.slice(0, 80));
  if (status === 407)
    return new TransportError(
      `proxy ${proxy.name} answered ${said} to CONNECT ${target}: ${proxy.authorization ? 'the user and password in the proxy URL were refused' : 'it asks for credentials: put user:password in the proxy URL (HTTPS_PROXY / HTTP_PROXY)'}`,
      'PROXY_AUTH'
    );
  // A gateway error is the proxy failing to reach the registry: as transient as a direct failure would be.
  const code = status === 502 || status === 503 || status === 504 ? 'ECONNREFUSED' : 'PROXY';
  return new TransportError(`proxy ${proxy.name} answered ${said} to CONNECT ${target}`, code);
}

/** Connect to the proxy, ask for a tunnel to `target` (host:port), and hand over the socket once it is open. */
export function openTunnel(
  proxy: ProxyTarget,
  target: string,
  timeoutMs: number,
  pending: Set<net.Socket>,
  done: Done
) {
  const socket =
    proxy.protocol === 'https:'
      ? tls.connect({
          host: proxy.hostname,
          port: proxy.port,
          servername: net.isIP(proxy.hostname) ? '' : proxy.hostname
        })
      : net.connect(proxy.port, proxy.hostname);
  pending.add(socket);
  socket.setTimeout(timeoutMs);
  let head = Buffer.alloc(0);
  let settled = false;
  const finish = (err: Error | null) => {
    if (settled) return;
    settled = true;
    pending.delete(socket);
    socket.setTimeout(0);
    socket.removeListener('readable', onReadable);
    socket.removeListener('error', onError);
    socket.removeListener('timeout', onTimeout);
    socket.removeListener('close', onClose);
    if (err) {
      socket.destroy();
      done(err);
    } else done(null, socket);
  };
  // Read with 'readable', not 'data': a flowing socket would drop what the next owner has not yet listened for.
  const onReadable = () => {
    let chunk: Buffer | null;
    while ((chunk = socket.read() as Buffer | null) !== null) head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) {
      if (head.length > 64 * 1024)
        finish(new TransportError(`proxy ${proxy.name}: no end to its answer to CONNECT ${target}`, 'PROXY'));
      return;
    }
    const refusal = connectRefusal(proxy, target, head.subarray(0, head.indexOf('\r\n')).toString('latin1'));
    // Bytes past the proxy's answer are the registry's: give them back to the stream.
    if (!refusal && end + 4 < head.length) socket.unshift(head.subarray(end + 4));
    finish(refusal ?? null);
  };
  const onError = (err: NodeJS.ErrnoException) =>
    finish(
      Object.assign(
        new TransportError(
          `proxy ${proxy.name} is unreachable (${err.code ?? err.message}): check HTTPS_PROXY / HTTP_PROXY`,
          'PROXY'
        ),
        { cause: err }
      )
    );
  const onTimeout = () =>
    finish(
      new TransportError(`proxy ${proxy.name} did not answer CONNECT ${target} within ${timeoutMs / 1000} s`, 'PROXY')
    );
  const onClose = () =>
    finish(
      new TransportError(`proxy ${proxy.name} closed the connection before answering CONNECT ${target}`, 'ECONNRESET')
    );
  socket.on('readable', onReadable);
  socket.on('error', onError);
  socket.on('timeout', onTimeout);
  socket.on('close', onClose);
  socket.once(proxy.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
    const auth = proxy.authorization ? `Proxy-Authorization: ${proxy.authorization}\r\n` : '';
    socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth}\r\n`);
  });
}

function targetOf(options: http.ClientRequestArgs, defaultPort: number): string {
  const host = String(options.host ?? options.hostname ?? 'localhost');
  return `${net.isIPv6(host) ? `[${host}]` : host}:${options.port ?? defaultPort}`;
}

/** Plain HTTP through a tunnel: the tunnel is the connection. */
export class TunnelHttpAgent extends http.Agent {
  private readonly pending = new Set<net.Socket>();
  constructor(
    private readonly proxy: ProxyTarget,
    private readonly timeoutMs: number,
    opts: http.AgentOptions
  ) {
    super(opts);
  }
  override createConnection(options: http.ClientRequestArgs, callback: Callback): undefined {
    const done = callback as Done;
    openTunnel(this.proxy, targetOf(options, 80), this.timeoutMs, this.pending, done);
    return undefined;
  }
  override destroy(): void {
    for (const s of this.pending) s.destroy();
    this.pending.clear();
    super.destroy();
  }
}

/** HTTPS through a tunnel: TLS to the registry inside it, with the agent's TLS options (verification, CA). */
export class TunnelHttpsAgent extends https.Agent {
  private readonly pending = new Set<net.Socket>();
  constructor(
    private readonly proxy: ProxyTarget,
    private readonly timeoutMs: number,
    opts: https.AgentOptions
  ) {
    super(opts);
  }
  override createConnection(options: http.ClientRequestArgs, callback: Callback): undefined {
    const done = callback as Done;
    openTunnel(this.proxy, targetOf(options, 443), this.timeoutMs, this.pending, (err, raw) => {
      if (err || !raw) return done(err ?? new Error('no tunnel'));
      done(null, tls.connect({ ...(options as tls.ConnectionOptions), socket: raw }));
    });
    return undefined;
  }
  override destroy(): void {
    for (const s of this.pending) s.destroy();
    this.pending.clear();
    super.destroy();
  }
}
