/** Registry auth: WWW-Authenticate challenges, Basic, and bearer tokens per scope set. */
import { RegistryError } from '../model/errors';
import { Once } from '../util/concurrency';
import { type Credential, basicToken } from './credentials';
import { parseErrorBody } from './error-body';
import { insecureStep } from './login-hint';
import { type HttpResponse, type Transport } from './transport';

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parse `WWW-Authenticate` (RFC 7235): several challenges, quoted params with escapes,
 * commas inside quotes (`scope="repository:a:pull,push"`).
 */
export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  const text = Array.isArray(header) ? header.join(', ') : (header ?? '');
  const out: Challenge[] = [];
  let i = 0;
  const skip = (re: RegExp) => {
    while (i < text.length && re.test(text[i])) i++;
  };
  while (i < text.length) {
    skip(/[\s,]/);
    const scheme = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+/.exec(text.slice(i))?.[0];
    if (!scheme) break;
    i += scheme.length;
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    out.push(challenge);
    for (;;) {
      skip(/[\s,]/);
      const m = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*=\s*/.exec(text.slice(i));
      if (!m) break;
      i += m[0].length;
      let value = '';
      if (text[i] === '"') {
        i++;
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < text.length) i++;
          value += text[i++];
        }
        i++;
      } else {
        const v = /^[^\s,]*/.exec(text.slice(i))![0];
        value = v;
        i += v.length;
      }
      challenge.params[m[1].toLowerCase()] = value;
    }
  }
  return out;
}

/**
 * What a request needs of a repository, by name rather than a boolean (as go-containerregistry's
 * transport/scope.go names them): pushing needs pull too, deleting is a right of its own.
 */
export type Access = 'pull' | 'push' | 'delete';
const ACTIONS: Record<Access, string> = { pull: 'pull', push: 'pull,push', delete: 'delete' };

/** `repository:NAME:pull` / `repository:NAME:pull,push` / `repository:NAME:delete`. */
export function repoScope(repository: string, access: Access): string {
  return `repository:${repository}:${ACTIONS[access]}`;
}

function parseScope(s: string): { resource: string; actions: Set<string> } {
  const i = s.lastIndexOf(':');
  return { resource: s.slice(0, i), actions: new Set(s.slice(i + 1).split(',')) };
}

/** Whether a token for `granted` covers every scope of `needed`. */
export function scopesCover(granted: string[], needed: string[]): boolean {
  const have = granted.map(parseScope);
  return needed.every((n) => {
    const want = parseScope(n);
    return have.some((h) => h.resource === want.resource && [...want.actions].every((a) => h.actions.has(a)));
  });
}

/** Merge scopes for the same resource into one entry with the union of actions. */
export function mergeScopes(scopes: string[]): string[] {
  const map = new Map<string, Set<string>>();
  for (const s of scopes) {
    const { resource, actions } = parseScope(s);
    const set = map.get(resource) ?? new Set<string>();
    actions.forEach((a) => set.add(a));
    map.set(resource, set);
  }
  // Known actions in their usual order, then any others: the same set always reads the same.
  const known = ['pull', 'push', 'delete', '*'];
  const ordered = (actions: Set<string>) => [
    ...known.filter((x) => actions.has(x)),
    ...[...actions].filter((x) => !known.includes(x))
  ];
  return [...map.keys()].sort().map((resource) => `${resource}:${ordered(map.get(resource)!).join(',')}`);
}

/** `Basic base64(user:password)` (RFC 7617), for the registry and its token server alike. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${basicToken(username, password)}`;
}

interface Token {
  value: string;
  expiresAt: number;
  /** `Bearer <value>`, built once: every request of the run sends it. */
  authorization: string;
}

export interface AuthContext {
  registry: string;
  transport: Transport;
  credential?: Credential;
  /** Skip certificate verification towards the token server too (the registry's endpoint does). */
  skipVerify: boolean;
  /** Whether credentials may go to a plain-HTTP token server on `host`. */
  plainHttpAllowed: (host: string) => boolean;
  onSecret: (s: string) => void;
  debug: (msg: string) => void;
  /** What to do about a refusal: which credentials were tried and how to log in (from the client). */
  unauthorizedHint?: () => string;
  /** How the edge's user allows plain HTTP (`set insecure: true`, `pass --insecure`). */
  insecureStep?: string;
}

export class RegistryAuth {
  private challenge?: Challenge;
  /** Every scope this run needs on this registry: one token covers them all. */
  private runScopes: string[] = [];
  /** runScopes joined, the key of its token. */
  private runKey = '';
  /** Per scope, whether runScopes cover it: asked for every request, so remembered until they change. */
  private readonly covered = new Map<string, boolean>();
  /** The Basic header, built once (the credential is fixed for the run). */
  private basic?: string;
  private readonly tokens = new Once<Token>();

  constructor(private readonly ctx: AuthContext) {}

  /** The credential this authentication sends (undefined: anonymous). */
  get credential(): Credential | undefined {
    return this.ctx.credential;
  }

  setChallenge(header: string | string[] | undefined): void {
    const all = parseChallenges(header);
    this.challenge = all.find((c) => c.scheme === 'bearer') ?? all.find((c) => c.scheme === 'basic') ?? this.challenge;
  }

  get scheme(): string | undefined {
    return this.challenge?.scheme;
  }

  /** Declare the scopes of the whole run, so one token serves every request. */
  addRunScopes(scopes: string[]): void {
    this.setRunScopes(mergeScopes([...this.runScopes, ...scopes]));
  }

  private setRunScopes(scopes: string[]): void {
    this.runScopes = scopes;
    this.runKey = scopes.join(' ');
    this.covered.clear();
  }

  /** scopesCover(runScopes, scopes), one scope at a time (the same answer), each remembered. */
  private covers(scopes: string[]): boolean {
    for (const s of scopes) {
      let ok = this.covered.get(s);
      if (ok === undefined) {
        ok = scopesCover(this.runScopes, [s]);
        this.covered.set(s, ok);
      }
      if (!ok) return false;
    }
    return true;
  }

  /** The Authorization header for a request needing `scopes`, or undefined when none is needed. */
  async header(scopes: string[]): Promise<string | undefined> {
    const c = this.challenge;
    if (!c) return undefined;
    const cred = this.ctx.credential;
    if (c.scheme === 'basic') {
      if (!cred?.username || !cred.password) return undefined;
      return (this.basic ??= basicAuthorization(cred.username, cred.password));
    }
    if (c.scheme !== 'bearer') return undefined;
    if (cred?.registryToken) return `Bearer ${cred.registryToken}`;
    if (this.covers(scopes)) return (await this.token(this.runScopes, this.runKey)).authorization;
    return (await this.token(mergeScopes([...this.runScopes, ...scopes]))).authorization;
  }

  /**
   * After a 401: take the new challenge, drop the token that failed, and say whether asking
   * again can help (a bearer challenge can name a wider scope; Basic with no credentials cannot).
   */
  unauthorized(res: HttpResponse, scopes: string[]): boolean {
    const before = this.challenge?.scheme;
    this.setChallenge(res.headers['www-authenticate']);
    const c = this.challenge;
    if (!c) return false;
    if (c.scheme === 'bearer') {
      const extra = c.params.scope ? c.params.scope.split(' ') : [];
      this.setRunScopes(mergeScopes([...this.runScopes, ...scopes, ...extra]));
      this.tokens.clear();
      return !this.ctx.credential?.registryToken;
    }
    return c.scheme === 'basic' && before !== 'basic' && !!this.ctx.credential?.password;
  }

  private token(scopes: string[], key = scopes.join(' ')): Promise<Token> {
    const p = this.tokens.run(key, () => this.fetchToken(scopes));
    return p.then(
      (t) => {
        if (t.expiresAt > Date.now() + 10_000) return t;
        this.tokens.forget(key, p);
        return this.token(scopes, key);
      },
      (err: unknown) => {
        // A refusal is not remembered: a later request asks again.
        this.tokens.forget(key, p);
        throw err;
      }
    );
  }

  /** Ask the challenge's token server for a token covering `scopes`. */
  private async fetchToken(scopes: string[]): Promise<Token> {
    const params = this.challenge!.params;
    const realm = params.realm;
    if (!realm)
      throw new RegistryError(
        `${this.ctx.registry}: bearer challenge without a realm; the registry's auth is misconfigured`,
        401
      );
    const cred = this.ctx.credential;
    this.refusePlainHttpRealm(new URL(realm));
    const res = await this.requestToken(realm, params.service, scopes);
    const realmHost = new URL(realm).host;
    if (res.status !== 200) throw this.refusal(res, realmHost, scopes);
    const body = this.tokenAnswer(res, realmHost);
    const value = body.token || body.access_token;
    if (!value || typeof value !== 'string')
      throw new RegistryError(`${this.ctx.registry}: token server ${realmHost} answered without a token`, res.status);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(value)) {
      throw new RegistryError(
        `${this.ctx.registry}: token server ${realmHost} answered with a token that has a line break or control character; it cannot be sent, the token server is misbehaving`,
        res.status
      );
    }
    this.ctx.onSecret(value);
    this.ctx.debug(`token for ${this.ctx.registry} scope "${scopes.join(' ')}" (${cred ? cred.from : 'anonymous'})`);
    const ttl = (body.expires_in && body.expires_in > 0 ? body.expires_in : 60) * 1000;
    return { value, expiresAt: Date.now() + ttl, authorization: `Bearer ${value}` };
  }

  /** Credentials go to a plain-HTTP token server only where plain HTTP is allowed. */
  private refusePlainHttpRealm(realmUrl: URL): void {
    const cred = this.ctx.credential;
    if (
      (cred?.password || cred?.identityToken) &&
      realmUrl.protocol === 'http:' &&
      !this.ctx.plainHttpAllowed(realmUrl.host)
    ) {
      throw new RegistryError(
        `${this.ctx.registry}: token server ${realmUrl.host} is plain HTTP; refusing to send the credentials from ${cred.from} unencrypted (${this.ctx.insecureStep ?? insecureStep()} if that is intended)`,
        401
      );
    }
  }

  /** The token request: an OAuth2 refresh-token grant for an identity token, else a GET with Basic credentials. */
  private requestToken(realm: string, service: string | undefined, scopes: string[]): Promise<HttpResponse> {
    const cred = this.ctx.credential;
    if (cred?.identityToken) {
      // OAuth2 refresh-token grant, as docker does for identity tokens.
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: cred.identityToken,
        client_id: 'manifest-fanin'
      });
      if (service) form.set('service', service);
      if (scopes.length) form.set('scope', scopes.join(' '));
      return this.ctx.transport.request({
        method: 'POST',
        url: realm,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        skipVerify: this.ctx.skipVerify,
        maxBytes: 1024 * 1024
      });
    }
    const url = new URL(realm);
    if (service) url.searchParams.set('service', service);
    for (const s of scopes) url.searchParams.append('scope', s);
    if (cred?.username) url.searchParams.set('account', cred.username);
    const headers: Record<string, string> = {};
    if (cred?.username && cred.password) headers.Authorization = basicAuthorization(cred.username, cred.password);
    return this.ctx.transport.request({
      method: 'GET',
      url: url.toString(),
      headers,
      skipVerify: this.ctx.skipVerify,
      maxBytes: 1024 * 1024
    });
  }

  /** The error for a token server's refusal: who was refused, for what, its words, and what to do. */
  private refusal(res: HttpResponse, realmHost: string, scopes: string[]): RegistryError {
    const cred = this.ctx.credential;
    const who = cred ? `the credentials from ${cred.from}` : 'anonymous access';
    const hint =
      res.status === 401 || res.status === 403
        ? `${this.ctx.unauthorizedHint?.() ?? `log in to ${this.ctx.registry}`}; the account must be allowed to pull the sources and push the targets`
        : res.status === 414 || res.status === 431
          ? `the request for ${scopes.length} scope(s) was too large for it; publish to fewer repositories per run`
          : 'the token server failed; try again later';
    const summary = parseErrorBody(res.body, res.headers['content-type']).summary;
    return new RegistryError(
      `${this.ctx.registry}: token server ${realmHost} refused ${who} for scope "${scopes.join(' ')}" with HTTP ${res.status}${summary ? ` (${summary})` : ''}: ${hint}`,
      res.status
    );
  }

  /** The token server's JSON answer. */
  private tokenAnswer(
    res: HttpResponse,
    realmHost: string
  ): { token?: string; access_token?: string; expires_in?: number } {
    try {
      return JSON.parse(res.body.toString('utf8'));
    } catch {
      throw new RegistryError(
        `${this.ctx.registry}: token server ${realmHost} answered with something that is not JSON`,
        res.status
      );
    }
  }
}
