/** The backend connection a personality keeps: its own requests, forwarding with Host kept, sleeps. */
import http from 'node:http';
import https from 'node:https';
import type { InterceptedRequest, BackendLink, Handler } from './intercepted-request';
import type { PersonalityBackend, PersonalityOptions } from './types';
import { HOP_BY_HOP, registryError, type Buffered, type PassOptions } from './wire';

/** What a personality's factory gets: the backend, its options and the shared bookkeeping. */
export interface PersonalityContext {
  proxy: ForwardingProxy;
  backend: PersonalityBackend;
  opts: PersonalityOptions;
  /** ecr: the repositories that exist */
  repositories: Set<string>;
  /** dockerhub: manifest GETs served */
  counters: { pulls: number };
}

export type PersonalityFactory = (ctx: PersonalityContext) => Handler;

/** The forwarding proxy every personality runs over: it relays to the real registry, or asks it itself. */
export class ForwardingProxy implements BackendLink {
  readonly target: URL;
  readonly mod: typeof http | typeof https;
  readonly agent: http.Agent;
  backendWantsAuth = false;
  /** pending sleeps: stop() clears the timer and resolves the sleeper */
  readonly timers = new Map<NodeJS.Timeout, () => void>();
  stopped = false;

  constructor(backendUrl: string) {
    this.target = new URL(backendUrl);
    if (this.target.protocol !== 'http:' && this.target.protocol !== 'https:')
      throw new Error(`startPersonality: backend must be http(s), got ${backendUrl}`);
    this.mod = this.target.protocol === 'https:' ? https : http;
    this.agent =
      this.target.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, maxSockets: 64, rejectUnauthorized: false })
        : new http.Agent({ keepAlive: true, maxSockets: 64 });
  }

  /** Wake every sleeper and drop the kept-alive backend connections. */
  stop(): void {
    this.stopped = true;
    for (const [t, wake] of this.timers) {
      clearTimeout(t);
      wake();
    }
    this.timers.clear();
    this.agent.destroy();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (ms <= 0 || this.stopped) return resolve();
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.set(t, resolve);
    });
  }

  private options(method: string, pathAndQuery: string, headers: http.OutgoingHttpHeaders): https.RequestOptions {
    return {
      protocol: this.target.protocol,
      hostname: this.target.hostname,
      port: this.target.port || (this.target.protocol === 'https:' ? 443 : 80),
      method,
      path: pathAndQuery,
      headers,
      agent: this.agent,
      timeout: 30_000
    };
  }

  /** The personality's own backend request (Host: the backend), buffered. */
  request(method: string, pathAndQuery: string, headers: Record<string, string>, body?: Buffer): Promise<Buffered> {
    const length = body ? { 'content-length': String(body.length) } : {};
    return new Promise((resolve, reject) => {
      const req = this.mod.request(
        this.options(method, pathAndQuery, { ...headers, ...length, host: this.target.host }),
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
          );
          res.on('error', reject);
        }
      );
      req.on('timeout', () => req.destroy(new Error('backend did not answer within 30 s')));
      req.on('error', reject);
      req.end(body);
    });
  }

  rewriteLocation(value: string, clientHost: string): string {
    // distribution builds Locations from the Host we kept; one that still names the backend
    // (a registry configured with http.host) is pointed back at us too.
    try {
      if (!/^https?:\/\//i.test(value)) return value;
      const u = new URL(value);
      if (u.host === this.target.host) {
        u.protocol = 'http:';
        u.host = clientHost;
        return u.toString();
      }
    } catch {
      /* not a URL */
    }
    return value;
  }

  forward(c: InterceptedRequest, o: PassOptions): Promise<number> {
    return new Promise<number>((resolve) => {
      const { req, res } = c;
      const headers: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (v === undefined || HOP_BY_HOP.has(k)) continue;
        headers[k] = v;
      }
      // Keep the client's Host: distribution's absolute Locations then name this proxy.
      const clientHost = req.headers.host ?? '';
      if (this.target.protocol === 'https:') headers['x-forwarded-proto'] = 'http';
      for (const [k, v] of Object.entries(o.headers ?? {})) headers[k.toLowerCase()] = v;
      if (o.body) {
        headers['content-length'] = String(o.body.length);
        delete headers['transfer-encoding'];
      }
      const method = o.method ?? c.method;
      let settled = false;
      const done = (status: number) => {
        if (settled) return;
        settled = true;
        resolve(status);
      };
      res.once('close', () => done(res.headersSent ? res.statusCode : 0));

      const upstream = this.mod.request(this.options(method, o.path ?? c.rawPath, headers), (up) =>
        this.respond(c, o, up, clientHost)
      );
      upstream.on('timeout', () => upstream.destroy(new Error('backend did not answer within 30 s')));
      upstream.on('error', (err) => {
        if (res.headersSent || res.destroyed) {
          res.destroy();
          return;
        }
        void c.reply(
          registryError(
            502,
            'UNAVAILABLE',
            `personality: backend error: ${err.message}`,
            undefined,
            'backend unreachable'
          )
        );
      });
      if (o.body) upstream.end(o.body);
      else {
        req.once('close', () => {
          if (!req.complete) upstream.destroy();
        });
        req.pipe(upstream);
      }
    });
  }

  /** The backend's answer to a forwarded request: a replacement, or its headers (Location pointed back at us) and body streamed. */
  private respond(c: InterceptedRequest, o: PassOptions, up: http.IncomingMessage, clientHost: string): void {
    const { res } = c;
    if (this.stopped || res.destroyed) {
      up.destroy();
      res.destroy();
      return;
    }
    const status = up.statusCode ?? 502;
    const replacement = o.intercept?.(status, up.headers);
    if (replacement) {
      up.resume();
      void c.reply(replacement).then(
        () => undefined,
        () => res.destroy()
      );
      return;
    }
    const out: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(up.headers)) {
      if (v === undefined || HOP_BY_HOP.has(k)) continue;
      out[k] = k === 'location' && typeof v === 'string' ? this.rewriteLocation(v, clientHost) : v;
    }
    for (const [k, v] of Object.entries(o.responseHeaders ?? {})) out[k.toLowerCase()] = v;
    res.writeHead(status, up.statusMessage, out);
    up.on('error', () => res.destroy());
    res.once('close', () => {
      if (!up.complete) up.destroy();
    });
    up.pipe(res);
  }
}
