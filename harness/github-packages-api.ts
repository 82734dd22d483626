/**
 * A stand-in for the GitHub Packages REST API (docs.github.com/rest/packages/packages), for
 * container packages, backed by a real registry (./registry). It is the test double for an API
 * that cannot run here: it keeps no package data of its own. Every answer is computed from the
 * registry at the moment of the request:
 *
 * - a package `{package_name}` of owner `{owner}` is the registry repository
 *   `{owner}/{package_name}` (the name URL-decoded: "team%2Ftool" is repository owner/team/tool);
 * - its versions are the repository's manifests, one version per digest, named "sha256:…", with
 *   `metadata.container.tags` = the tags pointing at it (tags/list, then a HEAD per tag). Untagged
 *   versions (index children, manifests whose tag moved) come from the registry's own storage:
 *   the manifest revision links `<root>/docker/registry/v2/repositories/<repo>/_manifests/revisions/
 *   sha256/<hex>/link` (a link without its file was deleted). That is what GHCR lists too: every
 *   manifest is a version, the platform children of a multi-arch image included. Without a
 *   storage root (a registry given as {url}) the untagged versions are the digests the test
 *   reported with observe(), still checked against the registry with a HEAD.
 *   Version ids are small integers handed out per digest on first sight (stable for the run;
 *   a digest deleted and pushed again gets a new id, as GitHub makes a new version); the order
 *   is newest first (revision link mtime), as GitHub lists them.
 * - `DELETE …/versions/{id}` deletes that manifest by digest in the registry (which needs
 *   storage.delete enabled; distribution then drops every tag on it) and answers 204.
 *
 * Endpoints: `GET /orgs/{org}/packages/container/{package_name}/versions`, the same under
 * `/users/{username}/…` and `/user/…` (the authenticated user); `GET …/versions/{id}`;
 * `DELETE …/versions/{id}`; `GET …/packages/container/{package_name}`. Paging: `per_page`
 * (default 30, at most 100) and `page` (default 1), with a `Link` header as GitHub sends it
 * (rel prev / next / last / first). `state=deleted` lists nothing (deleted versions are gone).
 *
 * Auth: `Authorization: Bearer <token>` or `token <token>`; none is 401 "Requires
 * authentication", another token 401 "Bad credentials". `tokenRights: "read"` makes DELETE 403
 * "Resource not accessible by integration" (what GitHub answers a GITHUB_TOKEN without
 * `packages: write`; dataaxiom/ghcr-cleanup-action#28). Owner type: an org's packages exist only
 * under /orgs/{org}, a user's under /users/{user} and /user; the other paths answer 404 "Not
 * Found". An unknown package answers 404 "Package not found." (actions/delete-package-versions#115).
 * Errors carry GitHub's `{message, documentation_url, status}`.
 *
 * Requests are recorded with the Authorization value redacted (scheme kept). 127.0.0.1 only.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ALL_MANIFEST_TYPES, registryRequest, type RegistryLike } from './images';
import { docFor, fail, linkHeader, send, type Scope, type What } from './github-api-replies';
import { listenOnLoopback } from './loopback';

export interface PackagesApiOptions {
  /** the registry the packages live in (a TestRegistry fits; its `root` lists untagged versions) */
  registry: RegistryLike & { root?: string };
  /** the org or user that owns the packages (the registry repositories `{owner}/…`) */
  owner: string;
  /** "org" (default): /orgs/{owner}/…; "user": /users/{owner}/… and /user/… */
  ownerType?: 'org' | 'user';
  /** the one token accepted */
  validToken: string;
  /** "write" (default): may delete versions; "read": DELETE answers 403 */
  tokenRights?: 'write' | 'read';
  /** a path prefix the API lives under, e.g. "/api/v3" as on GitHub Enterprise Server (default none) */
  pathPrefix?: string;
  /** print one line per request to stderr */
  logRequests?: boolean;
}

export interface PackagesApiRequest {
  seq: number;
  method: string;
  /** path and query as sent */
  path: string;
  status: number;
  /** "Bearer ***" / "token ***" / undefined: the scheme only, never the token */
  authorization?: string;
}

export interface PackageVersion {
  id: number;
  name: string;
  url: string;
  package_html_url: string;
  html_url: string;
  created_at: string;
  updated_at: string;
  metadata: { package_type: 'container'; container: { tags: string[] } };
}

export interface PackagesApi {
  /** "http://127.0.0.1:PORT" (plus pathPrefix): pass as GITHUB_API_URL */
  url: string;
  host: string;
  requests: PackagesApiRequest[];
  /** Report a digest pushed to package `packageName` (only needed for a registry without a storage root). */
  observe(packageName: string, digest: string): void;
  /** The versions of a package as the API would list them (all pages), or undefined if there is no such package. */
  versions(packageName: string): Promise<PackageVersion[] | undefined>;
  stop(): Promise<void>;
}

/** A request the API accepts: whose package, which one, and what is asked of it. */
interface ApiRoute {
  scope: Scope;
  pkg: string;
  what: What;
  /** the version id as written in the path (what = get / delete) */
  idText?: string;
}

/** digest -> created (ms) of every manifest stored in `repo`, from the registry's revision links */
function storedRevisions(root: string, repo: string): Map<string, number> {
  const out = new Map<string, number>();
  const dir = path.join(root, 'docker/registry/v2/repositories', ...repo.split('/'), '_manifests/revisions/sha256');
  let hexes: string[];
  try {
    hexes = fs.readdirSync(dir);
  } catch {
    return out;
  }
  for (const hex of hexes) {
    try {
      const st = fs.statSync(path.join(dir, hex, 'link'));
      out.set(`sha256:${hex}`, st.mtimeMs);
    } catch {
      /* link removed: the manifest was deleted */
    }
  }
  return out;
}

/** The stand-in's state (ids handed out, digests observed) and its request handling. */
class StandIn {
  readonly reg: PackagesApiOptions['registry'];
  readonly owner: string;
  readonly ownerType: 'org' | 'user';
  readonly pathPrefix: string;
  /** http://127.0.0.1:PORT plus prefix, once listening */
  base = '';
  private readonly ids = new Map<string, number>(); // "repo@digest" -> id
  private readonly byId = new Map<number, { repo: string; digest: string }>();
  private readonly observed = new Map<string, Map<string, number>>(); // repo -> digest -> first seen (ms)
  private nextId = 1001;

  constructor(readonly opts: PackagesApiOptions) {
    this.reg = opts.registry;
    this.owner = opts.owner;
    this.ownerType = opts.ownerType ?? 'org';
    this.pathPrefix = (opts.pathPrefix ?? '').replace(/\/+$/, '');
    if (this.pathPrefix && !this.pathPrefix.startsWith('/'))
      throw new Error(`startGithubPackagesApi: pathPrefix must start with '/', got ${opts.pathPrefix}`);
  }

  private idFor(repo: string, digest: string): number {
    const key = `${repo}@${digest}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(key, id);
      this.byId.set(id, { repo, digest });
    }
    return id;
  }

  private forget(repo: string, digest: string): void {
    const key = `${repo}@${digest}`;
    const id = this.ids.get(key);
    if (id !== undefined) this.byId.delete(id);
    this.ids.delete(key);
    this.observed.get(repo)?.delete(digest);
  }

  observe(packageName: string, digest: string): void {
    const repo = `${this.owner}/${packageName}`;
    const m = this.observed.get(repo) ?? new Map<string, number>();
    if (!m.has(digest)) m.set(digest, Date.now());
    this.observed.set(repo, m);
  }

  /** digest -> the tags pointing at it (tags/list, then a HEAD per tag) */
  private async tagsByDigest(repo: string): Promise<Map<string, string[]>> {
    const tagsRes = await registryRequest(this.reg, 'GET', `/v2/${repo}/tags/list`, { repo });
    let tags: string[] = [];
    if (tagsRes.status === 200)
      tags = (JSON.parse(tagsRes.body.toString('utf8')) as { tags?: string[] | null }).tags ?? [];
    else if (tagsRes.status !== 404) throw new Error(`registry: tags/list of ${repo} answered ${tagsRes.status}`);
    const tagsOf = new Map<string, string[]>();
    for (const t of tags) {
      const h = await registryRequest(this.reg, 'HEAD', `/v2/${repo}/manifests/${t}`, {
        repo,
        headers: { accept: ALL_MANIFEST_TYPES.join(', ') }
      });
      const d = h.headers['docker-content-digest'];
      if (h.status !== 200 || typeof d !== 'string') continue;
      tagsOf.set(d, [...(tagsOf.get(d) ?? []), t]);
    }
    return tagsOf;
  }

  /** digest -> created (ms): the revision links, or (no storage root) the observed digests still there */
  private async createdTimes(repo: string): Promise<Map<string, number>> {
    if (this.reg.root) return storedRevisions(this.reg.root, repo);
    const created = new Map<string, number>();
    const seen = this.observed.get(repo) ?? new Map<string, number>();
    for (const [d, ms] of seen) {
      const h = await registryRequest(this.reg, 'HEAD', `/v2/${repo}/manifests/${d}`, {
        repo,
        headers: { accept: ALL_MANIFEST_TYPES.join(', ') }
      });
      if (h.status === 200) created.set(d, ms);
      else if (h.status === 404) seen.delete(d);
    }
    return created;
  }

  async versions(pkg: string): Promise<PackageVersion[] | undefined> {
    const repo = `${this.owner}/${pkg}`;
    const tagsOf = await this.tagsByDigest(repo);
    const created = await this.createdTimes(repo);
    for (const d of tagsOf.keys()) if (!created.has(d)) created.set(d, Date.now());
    if (created.size === 0) return undefined;
    const encoded = encodeURIComponent(pkg);
    const prefix = this.ownerType === 'org' ? `/orgs/${this.owner}` : `/users/${this.owner}`;
    const web = `https://github.com/${this.ownerType === 'org' ? 'orgs/' : ''}${this.owner}/packages/container`;
    // Oldest first gets the smaller id (ids are handed out on first sight); listed newest first.
    const ordered = [...created.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
    return ordered
      .map(([digest, ms]): PackageVersion => {
        const id = this.idFor(repo, digest);
        const when = new Date(Math.floor(ms)).toISOString().replace(/\.\d{3}Z$/, 'Z');
        return {
          id,
          name: digest,
          url: `${this.base}${prefix}/packages/container/${encoded}/versions/${id}`,
          package_html_url: `${web}/package/${encoded}`,
          html_url: `${web}/${encoded}/${id}`,
          created_at: when,
          updated_at: when,
          metadata: { package_type: 'container', container: { tags: tagsOf.get(digest) ?? [] } }
        };
      })
      .reverse();
  }

  /** Auth, then the path: the route asked for, or the failure already sent (undefined). */
  private route(req: http.IncomingMessage, res: http.ServerResponse, u: URL): ApiRoute | undefined {
    const method = (req.method ?? 'GET').toUpperCase();
    if (this.pathPrefix) {
      if (u.pathname !== this.pathPrefix && !u.pathname.startsWith(`${this.pathPrefix}/`))
        return void fail(res, 404, 'Not Found');
      u.pathname = u.pathname.slice(this.pathPrefix.length) || '/';
    }
    // Split first, decode each segment after: a package name may hold an encoded '/'.
    const segs = u.pathname.split('/').filter((s) => s !== '');
    let dec: string[];
    try {
      dec = segs.map((s) => decodeURIComponent(s));
    } catch {
      return void fail(res, 404, 'Not Found');
    }
    // Auth first, as GitHub does.
    const auth = req.headers.authorization ?? '';
    const m = /^(?:bearer|token)\s+(\S+)$/i.exec(auth.trim());
    if (!auth) return void fail(res, 401, 'Requires authentication');
    if (!m || m[1] !== this.opts.validToken) return void fail(res, 401, 'Bad credentials');
    const owned = this.ownedPath(dec);
    if (!owned) return void fail(res, 404, 'Not Found');
    const { scope, rest } = owned;
    if (rest[0] !== 'packages' || rest[1] !== 'container' || rest[2] === undefined || rest.length > 5)
      return void fail(res, 404, 'Not Found');
    const [, , pkg, sub, idText] = rest;
    if (sub !== undefined && sub !== 'versions') return void fail(res, 404, 'Not Found');
    const what = sub === undefined ? 'package' : idText === undefined ? 'list' : method === 'DELETE' ? 'delete' : 'get';
    const allowed = what === 'delete' || what === 'get' ? ['GET', 'DELETE'] : ['GET'];
    if (!allowed.includes(method)) return void fail(res, 404, 'Not Found');
    return { scope, pkg, what, idText };
  }

  /** /orgs/{org}/packages/container/{name}[/versions[/{id}]], /users/{user}/…, /user/packages/…: the part after the owner */
  private ownedPath(dec: string[]): { scope: Scope; rest: string[] } | undefined {
    if (dec[0] === 'orgs' || dec[0] === 'users') {
      const scope = dec[0] === 'orgs' ? 'org' : 'user';
      const who = dec[1];
      const ownerMatches =
        who !== undefined &&
        who.toLowerCase() === this.owner.toLowerCase() &&
        (scope === 'org') === (this.ownerType === 'org');
      return ownerMatches ? { scope, rest: dec.slice(2) } : undefined;
    }
    if (dec[0] === 'user')
      return this.ownerType === 'user' ? { scope: 'authenticated-user', rest: dec.slice(1) } : undefined;
    return undefined;
  }

  async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://api.invalid');
    const r = this.route(req, res, u);
    if (!r) return;
    const versions = await this.versions(r.pkg);
    if (!versions) return fail(res, 404, 'Package not found.', docFor(r.what, r.scope));
    if (r.what === 'package') return send(res, 200, this.packageDoc(r, versions));
    if (r.what === 'list') return this.list(res, u, versions);
    return this.oneVersion(res, r, versions);
  }

  private packageDoc(r: ApiRoute, versions: PackageVersion[]): unknown {
    const prefix = r.scope === 'org' ? `/orgs/${this.owner}` : `/users/${this.owner}`;
    return {
      id: 1,
      name: r.pkg,
      package_type: 'container',
      owner: { login: this.owner, type: this.ownerType === 'org' ? 'Organization' : 'User' },
      version_count: versions.length,
      visibility: 'public',
      url: `${this.base}${prefix}/packages/container/${encodeURIComponent(r.pkg)}`,
      created_at: versions[versions.length - 1].created_at,
      updated_at: versions[0].updated_at,
      html_url: versions[0].package_html_url
    };
  }

  private list(res: http.ServerResponse, u: URL, versions: PackageVersion[]): void {
    if (u.searchParams.get('state') === 'deleted') return send(res, 200, []);
    const perRaw = Number(u.searchParams.get('per_page') ?? '30');
    const pageRaw = Number(u.searchParams.get('page') ?? '1');
    const perPage = Number.isFinite(perRaw) && perRaw >= 1 ? Math.min(100, Math.floor(perRaw)) : 30;
    const page = Number.isFinite(pageRaw) && pageRaw >= 1 ? Math.floor(pageRaw) : 1;
    const last = Math.max(1, Math.ceil(versions.length / perPage));
    const slice = versions.slice((page - 1) * perPage, page * perPage);
    const link = linkHeader(this.base, u, page, last);
    return send(res, 200, slice, link ? { Link: link } : {});
  }

  private async oneVersion(res: http.ServerResponse, r: ApiRoute, versions: PackageVersion[]): Promise<void> {
    if (r.what === 'delete' && (this.opts.tokenRights ?? 'write') !== 'write') {
      return fail(res, 403, 'Resource not accessible by integration', docFor('delete', r.scope));
    }
    const id = Number(r.idText);
    const version = /^\d+$/.test(r.idText ?? '') ? versions.find((v) => v.id === id) : undefined;
    if (!version) return fail(res, 404, 'Not Found', docFor(r.what, r.scope));
    if (r.what === 'get') return send(res, 200, version);
    const repo = `${this.owner}/${r.pkg}`;
    const del = await registryRequest(this.reg, 'DELETE', `/v2/${repo}/manifests/${version.name}`, { repo });
    if (del.status !== 202) {
      return fail(
        res,
        500,
        `stand-in: the registry refused DELETE ${repo}@${version.name}: HTTP ${del.status} ${del.body.toString('utf8').slice(0, 300)}`
      );
    }
    this.forget(repo, version.name);
    return send(res, 204, undefined);
  }
}

export async function startGithubPackagesApi(opts: PackagesApiOptions): Promise<PackagesApi> {
  const api = new StandIn(opts);
  const requests: PackagesApiRequest[] = [];
  const server = http.createServer((req, res) => {
    const scheme = /^(\S+)\s/.exec(req.headers.authorization ?? '')?.[1];
    const entry: PackagesApiRequest = {
      seq: requests.length + 1,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      status: 0,
      ...(req.headers.authorization !== undefined ? { authorization: scheme ? `${scheme} ***` : '***' } : {})
    };
    requests.push(entry);
    res.once('close', () => {
      entry.status = res.headersSent ? res.statusCode : 0;
      if (opts.logRequests)
        process.stderr.write(`[packages-api ${api.base}] ${entry.method} ${entry.path} -> ${entry.status}\n`);
    });
    req.resume(); // no endpoint here takes a body
    api.handle(req, res).catch((err: Error) => {
      if (!res.headersSent) fail(res, 500, `stand-in error: ${err.message}`);
      else res.destroy();
    });
  });
  const listening = await listenOnLoopback(server);
  const { host } = listening;
  api.base = `http://${host}${api.pathPrefix}`;

  let stopped = false;
  return {
    url: api.base,
    host,
    requests,
    observe: (packageName: string, digest: string) => api.observe(packageName, digest),
    versions: (packageName: string) => api.versions(packageName),
    async stop() {
      if (stopped) return;
      stopped = true;
      await listening.close();
    }
  };
}
