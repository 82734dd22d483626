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

const DOCS = 'https://docs.github.com/rest/packages/packages';

export async function startGithubPackagesApi(opts: PackagesApiOptions): Promise<PackagesApi> {
  const reg = opts.registry;
  const ownerType = opts.ownerType ?? 'org';
  const owner = opts.owner;
  const requests: PackagesApiRequest[] = [];
  const ids = new Map<string, number>(); // "repo@digest" -> id
  const byId = new Map<number, { repo: string; digest: string }>();
  const observed = new Map<string, Map<string, number>>(); // repo -> digest -> first seen (ms)
  let nextId = 1001;
  const pathPrefix = (opts.pathPrefix ?? '').replace(/\/+$/, '');
  if (pathPrefix && !pathPrefix.startsWith('/'))
    throw new Error(`startGithubPackagesApi: pathPrefix must start with '/', got ${opts.pathPrefix}`);
  let base = ''; // http://127.0.0.1:PORT plus prefix

  const idFor = (repo: string, digest: string): number => {
    const key = `${repo}@${digest}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = nextId++;
      ids.set(key, id);
      byId.set(id, { repo, digest });
    }
    return id;
  };
  const forget = (repo: string, digest: string): void => {
    const key = `${repo}@${digest}`;
    const id = ids.get(key);
    if (id !== undefined) byId.delete(id);
    ids.delete(key);
    observed.get(repo)?.delete(digest);
  };

  /** digest -> created (ms) of every manifest stored in `repo`, from the registry's revision links */
  function storedRevisions(repo: string): Map<string, number> {
    const out = new Map<string, number>();
    const dir = path.join(
      reg.root!,
      'docker/registry/v2/repositories',
      ...repo.split('/'),
      '_manifests/revisions/sha256'
    );
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

  async function computeVersions(pkg: string): Promise<PackageVersion[] | undefined> {
    const repo = `${owner}/${pkg}`;
    const tagsRes = await registryRequest(reg, 'GET', `/v2/${repo}/tags/list`, { repo });
    let tags: string[] = [];
    if (tagsRes.status === 200)
      tags = (JSON.parse(tagsRes.body.toString('utf8')) as { tags?: string[] | null }).tags ?? [];
    else if (tagsRes.status !== 404) throw new Error(`registry: tags/list of ${repo} answered ${tagsRes.status}`);
    const tagsOf = new Map<string, string[]>();
    const created = new Map<string, number>();
    for (const t of tags) {
      const h = await registryRequest(reg, 'HEAD', `/v2/${repo}/manifests/${t}`, {
        repo,
        headers: { accept: ALL_MANIFEST_TYPES.join(', ') }
      });
      const d = h.headers['docker-content-digest'];
      if (h.status !== 200 || typeof d !== 'string') continue;
      tagsOf.set(d, [...(tagsOf.get(d) ?? []), t]);
    }
    if (reg.root) {
      for (const [d, ms] of storedRevisions(repo)) created.set(d, ms);
    } else {
      const seen = observed.get(repo) ?? new Map<string, number>();
      for (const [d, ms] of seen) {
        const h = await registryRequest(reg, 'HEAD', `/v2/${repo}/manifests/${d}`, {
          repo,
          headers: { accept: ALL_MANIFEST_TYPES.join(', ') }
        });
        if (h.status === 200) created.set(d, ms);
        else if (h.status === 404) seen.delete(d);
      }
    }
    for (const d of tagsOf.keys()) if (!created.has(d)) created.set(d, Date.now());
    if (created.size === 0) return undefined;
    const encoded = encodeURIComponent(pkg);
    const prefix = ownerType === 'org' ? `/orgs/${owner}` : `/users/${owner}`;
    const web = `https://github.com/${ownerType === 'org' ? 'orgs/' : ''}${owner}/packages/container`;
    // Oldest first gets the smaller id (ids are handed out on first sight); listed newest first.
    const ordered = [...created.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
    return ordered
      .map(([digest, ms]): PackageVersion => {
        const id = idFor(repo, digest);
        const when = new Date(Math.floor(ms)).toISOString().replace(/\.\d{3}Z$/, 'Z');
        return {
          id,
          name: digest,
          url: `${base}${prefix}/packages/container/${encoded}/versions/${id}`,
          package_html_url: `${web}/package/${encoded}`,
          html_url: `${web}/${encoded}/${id}`,
          created_at: when,
          updated_at: when,
          metadata: { package_type: 'container', container: { tags: tagsOf.get(digest) ?? [] } }
        };
      })
      .reverse();
  }

  type Scope = 'org' | 'user' | 'authenticated-user';
  const docFor = (what: 'list' | 'get' | 'delete' | 'package', scope: Scope): string => {
    const who = scope === 'org' ? 'an-organization' : scope === 'user' ? 'a-user' : 'the-authenticated-user';
    switch (what) {
      case 'list':
        return `${DOCS}#list-package-versions-for-a-package-owned-by-${who}`;
      case 'get':
        return `${DOCS}#get-a-package-version-for-${who}`;
      case 'delete':
        return scope === 'authenticated-user'
          ? `${DOCS}#delete-a-package-version-for-the-authenticated-user`
          : `${DOCS}#delete-package-version-for-${who}`;
      default:
        return `${DOCS}#get-a-package-for-${who}`;
    }
  };

  function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = status === 204 ? '' : JSON.stringify(body, null, 2);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'X-GitHub-Api-Version-Selected': '2022-11-28',
      'Content-Length': String(Buffer.byteLength(text)),
      ...headers
    });
    res.end(text);
  }
  const fail = (
    res: http.ServerResponse,
    status: number,
    message: string,
    doc = 'https://docs.github.com/rest'
  ): void => send(res, status, { message, documentation_url: doc, status: String(status) });

  /** GitHub's Link header: prev, next, last, first (those that apply), each the request URL with `page` replaced. */
  function linkHeader(u: URL, page: number, last: number): string | undefined {
    const at = (p: number) => {
      const v = new URL(`${base}${u.pathname}${u.search}`);
      v.searchParams.set('page', String(p));
      return `<${v.toString()}>`;
    };
    const parts: string[] = [];
    if (page > 1) parts.push(`${at(Math.min(page - 1, last))}; rel="prev"`);
    if (page < last) parts.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
    if (page > 1) parts.push(`${at(1)}; rel="first"`);
    return parts.length ? parts.join(', ') : undefined;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const u = new URL(req.url ?? '/', 'http://api.invalid');
    if (pathPrefix) {
      if (u.pathname !== pathPrefix && !u.pathname.startsWith(`${pathPrefix}/`)) return fail(res, 404, 'Not Found');
      u.pathname = u.pathname.slice(pathPrefix.length) || '/';
    }
    // Split first, decode each segment after: a package name may hold an encoded '/'.
    const segs = u.pathname.split('/').filter((s) => s !== '');
    let dec: string[];
    try {
      dec = segs.map((s) => decodeURIComponent(s));
    } catch {
      return fail(res, 404, 'Not Found');
    }

    // Auth first, as GitHub does.
    const auth = req.headers.authorization ?? '';
    const m = /^(?:bearer|token)\s+(\S+)$/i.exec(auth.trim());
    if (!auth) return fail(res, 401, 'Requires authentication');
    if (!m || m[1] !== opts.validToken) return fail(res, 401, 'Bad credentials');

    // /orgs/{org}/packages/container/{name}[/versions[/{id}]], /users/{user}/…, /user/packages/…
    let scope: Scope;
    let rest: string[];
    if (dec[0] === 'orgs' || dec[0] === 'users') {
      scope = dec[0] === 'orgs' ? 'org' : 'user';
      const who = dec[1];
      rest = dec.slice(2);
      const ownerMatches =
        who !== undefined && who.toLowerCase() === owner.toLowerCase() && (scope === 'org') === (ownerType === 'org');
      if (!ownerMatches) return fail(res, 404, 'Not Found');
    } else if (dec[0] === 'user') {
      scope = 'authenticated-user';
      rest = dec.slice(1);
      if (ownerType !== 'user') return fail(res, 404, 'Not Found');
    } else return fail(res, 404, 'Not Found');
    if (rest[0] !== 'packages' || rest[1] !== 'container' || rest[2] === undefined || rest.length > 5)
      return fail(res, 404, 'Not Found');
    const pkg = rest[2];
    const sub = rest[3];
    const idText = rest[4];
    if (sub !== undefined && sub !== 'versions') return fail(res, 404, 'Not Found');
    const what = sub === undefined ? 'package' : idText === undefined ? 'list' : method === 'DELETE' ? 'delete' : 'get';
    const allowed = what === 'delete' || what === 'get' ? ['GET', 'DELETE'] : ['GET'];
    if (!allowed.includes(method)) return fail(res, 404, 'Not Found');

    const versions = await computeVersions(pkg);
    if (!versions) return fail(res, 404, 'Package not found.', docFor(what, scope));

    if (what === 'package') {
      const prefix = scope === 'org' ? `/orgs/${owner}` : `/users/${owner}`;
      return send(res, 200, {
        id: 1,
        name: pkg,
        package_type: 'container',
        owner: { login: owner, type: ownerType === 'org' ? 'Organization' : 'User' },
        version_count: versions.length,
        visibility: 'public',
        url: `${base}${prefix}/packages/container/${encodeURIComponent(pkg)}`,
        created_at: versions[versions.length - 1].created_at,
        updated_at: versions[0].updated_at,
        html_url: versions[0].package_html_url
      });
    }

    if (what === 'list') {
      if (u.searchParams.get('state') === 'deleted') return send(res, 200, []);
      const perRaw = Number(u.searchParams.get('per_page') ?? '30');
      const pageRaw = Number(u.searchParams.get('page') ?? '1');
      const perPage = Number.isFinite(perRaw) && perRaw >= 1 ? Math.min(100, Math.floor(perRaw)) : 30;
      const page = Number.isFinite(pageRaw) && pageRaw >= 1 ? Math.floor(pageRaw) : 1;
      const last = Math.max(1, Math.ceil(versions.length / perPage));
      const slice = versions.slice((page - 1) * perPage, page * perPage);
      const link = linkHeader(u, page, last);
      return send(res, 200, slice, link ? { Link: link } : {});
    }

    // One version.
    if (what === 'delete' && (opts.tokenRights ?? 'write') !== 'write') {
      return fail(res, 403, 'Resource not accessible by integration', docFor('delete', scope));
    }
    const id = Number(idText);
    const version = /^\d+$/.test(idText ?? '') ? versions.find((v) => v.id === id) : undefined;
    if (!version) return fail(res, 404, 'Not Found', docFor(what, scope));
    if (what === 'get') return send(res, 200, version);

    const repo = `${owner}/${pkg}`;
    const del = await registryRequest(reg, 'DELETE', `/v2/${repo}/manifests/${version.name}`, { repo });
    if (del.status !== 202) {
      return fail(
        res,
        500,
        `stand-in: the registry refused DELETE ${repo}@${version.name}: HTTP ${del.status} ${del.body.toString('utf8').slice(0, 300)}`
      );
    }
    forget(repo, version.name);
    return send(res, 204, undefined);
  }

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
        process.stderr.write(`[packages-api ${base}] ${entry.method} ${entry.path} -> ${entry.status}\n`);
    });
    req.resume(); // no endpoint here takes a body
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) fail(res, 500, `stand-in error: ${err.message}`);
      else res.destroy();
    });
  });
  const listening = await listenOnLoopback(server);
  const { host } = listening;
  base = `http://${host}${pathPrefix}`;

  let stopped = false;
  return {
    url: base,
    host,
    requests,
    observe(packageName: string, digest: string) {
      const repo = `${owner}/${packageName}`;
      const m = observed.get(repo) ?? new Map<string, number>();
      if (!m.has(digest)) m.set(digest, Date.now());
      observed.set(repo, m);
    },
    versions: (packageName: string) => computeVersions(packageName),
    async stop() {
      if (stopped) return;
      stopped = true;
      await listening.close();
    }
  };
}
