/**
 * A minimal Docker token-auth server (https://distribution.github.io/distribution/spec/auth/token/)
 * for distribution 2.8 configured with `auth.token`.
 *
 * - `GET  realm?service=S&scope=repository:NAME:pull,push&scope=...` with HTTP Basic credentials
 *   (or none: anonymous gets a token with an empty access list, like public registries do for
 *   private repos). `offline_token=true` with credentials also returns a `refresh_token`.
 * - `POST realm` with a form body (the OAuth2 flavour docker uses with identity tokens):
 *   `grant_type=refresh_token&refresh_token=...` or `grant_type=password&username=&password=`,
 *   plus `service`, `scope` (space separated) and `client_id`.
 *
 * Tokens are RS256 JWTs whose header carries the signing certificate in `x5c`; the registry's
 * `rootcertbundle` is that same self-signed certificate, so the chain is just the root itself.
 * Plain HTTP on loopback is enough for a realm in tests.
 */
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { listenOnLoopback } from './loopback';

const execFileP = promisify(execFile);

export interface ScopeRequest {
  type: string; // "repository" (a "(class)" suffix is dropped)
  name: string; // repository name, e.g. "team/app"
  actions: string[]; // e.g. ["pull", "push"]
}

export interface TokenRequestLog {
  method: string;
  /** GET: the URL query string; POST: the form body (both without a leading '?'). */
  query: string;
  grantType?: string;
  /** authenticated user, if any */
  user?: string;
  /** each requested scope, as sent ("repository:app:pull,push") */
  scopes: string[];
  /** HTTP status the token server answered */
  status: number;
}

export interface TokenServerOptions {
  service: string;
  issuer: string;
  /** user -> password (HTTP Basic on GET, grant_type=password on POST) */
  users: Record<string, string>;
  /** identity/refresh token -> user (grant_type=refresh_token on POST) */
  refreshTokens?: Record<string, string>;
  /**
   * Which actions to grant; default: everything requested to authenticated users, nothing to
   * anonymous ones. Tests override it to model e.g. a pull-only credential.
   */
  grant?: (user: string | undefined, scope: ScopeRequest) => string[];
  /** token lifetime in seconds (default 300) */
  expiresIn?: number;
  /** directory for key/cert (default: a fresh temp dir, removed on stop) */
  dir?: string;
}

export interface TokenServer {
  /** e.g. http://127.0.0.1:PORT/token */
  realm: string;
  /** PEM certificate that signs tokens: the registry's auth.token.rootcertbundle */
  certPath: string;
  requests: TokenRequestLog[];
  /** live maps: tests may add users or refresh tokens after start */
  users: Record<string, string>;
  refreshTokens: Record<string, string>;
  stop(): Promise<void>;
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** Parse "type[(class)]:name:actions"; the name itself may not contain ':' in practice but be lenient. */
function parseScope(s: string): ScopeRequest | undefined {
  const m = /^([a-z0-9]+)(?:\([^)]*\))?:(.+):([^:]*)$/.exec(s);
  if (!m) return undefined;
  return { type: m[1], name: m[2], actions: m[3].split(',').filter(Boolean) };
}

export async function startTokenServer(opts: TokenServerOptions): Promise<TokenServer> {
  const ownDir = !opts.dir;
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-token-'));
  const keyPath = path.join(dir, 'token-key.pem');
  const certPath = path.join(dir, 'token-cert.pem');
  await execFileP('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=fanin-test-token-issuer',
    '-keyout',
    keyPath,
    '-out',
    certPath
  ]);
  const privateKey = crypto.createPrivateKey(fs.readFileSync(keyPath));
  // x5c wants base64 (standard, not url-safe) DER, leaf first.
  const x5c = [new crypto.X509Certificate(fs.readFileSync(certPath)).raw.toString('base64')];
  const users = opts.users;
  const refreshTokens = opts.refreshTokens ?? {};
  const expiresIn = opts.expiresIn ?? 300;
  const requests: TokenRequestLog[] = [];

  function sign(user: string | undefined, scopes: ScopeRequest[]): string {
    const now = Math.floor(Date.now() / 1000);
    // Merge repeated scopes for the same resource, then ask the grant policy.
    const merged = new Map<string, ScopeRequest>();
    for (const s of scopes) {
      const key = `${s.type}\0${s.name}`;
      const prev = merged.get(key);
      if (prev) prev.actions = [...new Set([...prev.actions, ...s.actions])];
      else merged.set(key, { ...s, actions: [...new Set(s.actions)] });
    }
    const access = [...merged.values()]
      .map((s) => ({
        type: s.type,
        name: s.name,
        actions: opts.grant ? opts.grant(user, s) : user !== undefined ? s.actions : []
      }))
      .filter((a) => a.actions.length > 0);
    const header = { typ: 'JWT', alg: 'RS256', x5c };
    const claims = {
      iss: opts.issuer,
      sub: user ?? '',
      aud: opts.service,
      exp: now + expiresIn,
      nbf: now - 10, // tolerate small clock differences
      iat: now,
      jti: crypto.randomUUID(),
      access
    };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    // RSA key + sha256 with default PKCS#1 v1.5 padding = RS256.
    return `${input}.${crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const log: TokenRequestLog = {
        method: req.method ?? '',
        query: url.search.replace(/^\?/, ''),
        scopes: [],
        status: 0
      };
      requests.push(log);
      const send = (status: number, body: object, headers: Record<string, string> = {}) => {
        log.status = status;
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (url.pathname !== '/token') return send(404, { error: 'not_found' });

      let params: URLSearchParams;
      if (req.method === 'GET') {
        params = url.searchParams;
      } else if (req.method === 'POST') {
        log.query = Buffer.concat(chunks).toString('utf8');
        params = new URLSearchParams(log.query);
        log.grantType = params.get('grant_type') ?? undefined;
      } else {
        return send(405, { error: 'method_not_allowed' });
      }
      // GET: scope repeated; POST (OAuth2): one space-separated scope parameter. Accept both everywhere.
      log.scopes = params
        .getAll('scope')
        .flatMap((s) => s.split(' '))
        .filter(Boolean);
      const scopes = log.scopes.map(parseScope).filter((s): s is ScopeRequest => s !== undefined);
      // Clients must echo the challenge's service; a mismatch is a client bug worth failing on.
      if (params.get('service') !== opts.service) {
        return send(400, { error: 'invalid_request', error_description: `service must be ${opts.service}` });
      }

      let user: string | undefined;
      let refreshToken: string | undefined;
      if (req.method === 'GET') {
        const auth = req.headers.authorization;
        if (auth) {
          const m = /^Basic\s+(\S+)$/i.exec(auth);
          const decoded = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
          const i = decoded.indexOf(':');
          const [u, p] = i < 0 ? ['', ''] : [decoded.slice(0, i), decoded.slice(i + 1)];
          if (!m || !(u in users) || users[u] !== p) {
            return send(
              401,
              { errors: [{ code: 'UNAUTHORIZED', message: 'invalid username or password' }] },
              {
                'WWW-Authenticate': 'Basic realm="fanin-test-token"'
              }
            );
          }
          user = u;
          if (params.get('offline_token') === 'true') {
            refreshToken = crypto.randomUUID();
            refreshTokens[refreshToken] = u;
          }
        }
      } else if (log.grantType === 'refresh_token') {
        const rt = params.get('refresh_token') ?? '';
        if (!(rt in refreshTokens))
          return send(401, { error: 'invalid_grant', error_description: 'unknown refresh token' });
        user = refreshTokens[rt];
        refreshToken = rt;
      } else if (log.grantType === 'password') {
        const u = params.get('username') ?? '';
        if (!(u in users) || users[u] !== params.get('password')) {
          return send(401, { error: 'invalid_grant', error_description: 'invalid username or password' });
        }
        user = u;
        refreshToken = crypto.randomUUID();
        refreshTokens[refreshToken] = u;
      } else {
        return send(400, { error: 'unsupported_grant_type' });
      }
      log.user = user;
      const token = sign(user, scopes);
      send(200, {
        token,
        access_token: token,
        expires_in: expiresIn,
        issued_at: new Date().toISOString(),
        ...(refreshToken ? { refresh_token: refreshToken } : {})
      });
    });
  });
  const listening = await listenOnLoopback(server);

  return {
    realm: `http://${listening.host}/token`,
    certPath,
    requests,
    users,
    refreshTokens,
    async stop() {
      await listening.close();
      if (ownDir) fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}
