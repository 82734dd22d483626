/**
 * A tiny registry client for tests: pushes fixtures and reads results back.
 *
 * Deliberately independent of src/ (a bug shared between the action and its test client would
 * be invisible). Handles plain HTTP, HTTPS without verification (self-signed test certs), Basic
 * auth and Bearer tokens obtained from the WWW-Authenticate challenge. Every digest is computed
 * here and checked against the registry's Docker-Content-Digest.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { TestRegistry } from './registry';

export const MT = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  inToto: 'application/vnd.in-toto+json',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  dockerAttestation: 'application/vnd.docker.attestation.manifest.v1+json'
} as const;

/** Every manifest type; distribution 2.8 hides OCI types and lists from clients that omit them. */
export const ALL_MANIFEST_TYPES = [MT.ociIndex, MT.dockerList, MT.ociManifest, MT.dockerManifest];

/** What the client needs from a registry; a TestRegistry fits, so does a hand-made object. */
export type RegistryLike = Pick<TestRegistry, 'url'> & Partial<Pick<TestRegistry, 'user' | 'password'>>;

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
  artifactType?: string;
}

export interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A body we can send twice (after an auth challenge): bytes, or a factory of fresh streams. */
export type Body = Buffer | (() => Readable);

export const sha256 = (data: string | Buffer): string =>
  `sha256:${crypto.createHash('sha256').update(data).digest('hex')}`;

function send(url: URL, method: string, headers: Record<string, string>, body?: Body): Promise<Response> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    // agent:false: no keep-alive sockets that outlive a stopped registry or keep jest running.
    const req = mod.request(url, { method, headers, agent: false, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else {
      const s = body();
      s.on('error', (e) => req.destroy(e));
      s.pipe(req);
    }
  });
}

// Authorization header per registry URL + credentials + repository (tokens are scoped to a
// repository, and an anonymous client must never reuse a token fetched with a password).
const authCache = new Map<string, string>();

function parseChallenge(h: string): { scheme: string; params: Record<string, string> } {
  const scheme = h.trim().split(/\s+/, 1)[0].toLowerCase();
  const params: Record<string, string> = {};
  for (const m of h.matchAll(/(\w+)="([^"]*)"/g)) params[m[1].toLowerCase()] = m[2];
  return { scheme, params };
}

async function authorize(reg: RegistryLike, challenge: string, repo: string | undefined): Promise<string | undefined> {
  const { scheme, params } = parseChallenge(challenge);
  const basic =
    reg.user !== undefined ? `Basic ${Buffer.from(`${reg.user}:${reg.password ?? ''}`).toString('base64')}` : undefined;
  if (scheme === 'basic') return basic;
  if (scheme !== 'bearer' || !params.realm) return undefined;
  const realm = new URL(params.realm);
  if (params.service) realm.searchParams.set('service', params.service);
  // Our repository with pull,push, plus whatever else the challenge names (a cross-repo mount
  // also needs pull on the `from` repository; the registry lists both, space separated).
  const scopes = new Set<string>(repo ? [`repository:${repo}:pull,push`] : []);
  for (const s of (params.scope ?? '').split(' ')) {
    const m = /^repository:(.+):([^:]*)$/.exec(s);
    const covered = m && m[1] === repo && m[2].split(',').every((a) => a === 'pull' || a === 'push');
    if (s && !covered) scopes.add(s);
  }
  for (const s of scopes) realm.searchParams.append('scope', s);
  const res = await send(realm, 'GET', basic ? { authorization: basic } : {});
  if (res.status !== 200) throw new Error(`token request ${realm} -> ${res.status}: ${res.body.toString('utf8')}`);
  const json = JSON.parse(res.body.toString('utf8')) as { token?: string; access_token?: string };
  const token = json.token ?? json.access_token;
  if (!token) throw new Error(`token response without token: ${res.body.toString('utf8')}`);
  return `Bearer ${token}`;
}

/**
 * One registry call, answering a 401 challenge once (Basic or Bearer with scope pull,push on
 * `repo`). `pathOrUrl` is relative to reg.url or absolute (upload Locations).
 */
export async function registryRequest(
  reg: RegistryLike,
  method: string,
  pathOrUrl: string,
  opts: { repo?: string; headers?: Record<string, string>; body?: Body } = {}
): Promise<Response> {
  const url = new URL(pathOrUrl, reg.url);
  const key = JSON.stringify([reg.url, reg.user ?? null, reg.password ?? null, opts.repo ?? '']);
  const cached = authCache.get(key);
  const headers = (auth?: string) => ({ ...(opts.headers ?? {}), ...(auth ? { authorization: auth } : {}) });
  let res = await send(url, method, headers(cached), opts.body);
  const challenge = res.headers['www-authenticate'];
  if (res.status === 401 && typeof challenge === 'string') {
    const auth = await authorize(reg, challenge, opts.repo);
    if (auth && auth !== cached) {
      authCache.set(key, auth);
      res = await send(url, method, headers(auth), opts.body);
    }
  }
  return res;
}

function fail(what: string, res: Response): never {
  throw new Error(`${what}: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 2000)}`);
}

/** Upload one blob (skipped if present): POST an upload session, then one monolithic PUT ?digest=. */
export async function pushBlob(
  reg: RegistryLike,
  repo: string,
  digest: string,
  size: number,
  body: Body
): Promise<void> {
  if ((await headBlob(reg, repo, digest)) === 200) return;
  const start = await registryRequest(reg, 'POST', `/v2/${repo}/blobs/uploads/`, {
    repo,
    headers: { 'content-length': '0' }
  });
  if (start.status !== 202 || typeof start.headers.location !== 'string') fail(`start upload to ${repo}`, start);
  const loc = new URL(start.headers.location, reg.url);
  loc.searchParams.set('digest', digest);
  const put = await registryRequest(reg, 'PUT', loc.toString(), {
    repo,
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
    body
  });
  if (put.status !== 201) fail(`upload ${digest} to ${repo}`, put);
  if (put.headers['docker-content-digest'] !== digest) {
    throw new Error(`registry stored ${put.headers['docker-content-digest']} for blob ${digest}`);
  }
}

/** PUT a manifest (by tag or digest) and check the registry agrees on its digest. */
export async function putManifest(
  reg: RegistryLike,
  repo: string,
  ref: string,
  mediaType: string,
  manifest: string
): Promise<string> {
  const digest = sha256(manifest);
  const res = await registryRequest(reg, 'PUT', `/v2/${repo}/manifests/${ref}`, {
    repo,
    headers: { 'content-type': mediaType },
    body: Buffer.from(manifest)
  });
  if (res.status !== 201) fail(`put manifest ${repo}:${ref}`, res);
  if (res.headers['docker-content-digest'] !== digest) {
    throw new Error(`registry says ${res.headers['docker-content-digest']} for manifest ${digest}`);
  }
  return digest;
}

/** Deterministic pseudo-random bytes: AES-256-CTR keystream keyed by sha256(seed), 1 MiB chunks. */
function* prng(seed: string, size: number): Generator<Buffer> {
  const cipher = crypto.createCipheriv(
    'aes-256-ctr',
    crypto.createHash('sha256').update(seed).digest(),
    Buffer.alloc(16)
  );
  const CHUNK = 1 << 20;
  for (let off = 0; off < size; off += CHUNK) yield cipher.update(Buffer.alloc(Math.min(CHUNK, size - off)));
}

const STREAM_THRESHOLD = 8 << 20;

/** A layer blob of `size` bytes from `seed`; big ones are hashed in one pass and streamed in a second. */
async function pushLayer(
  reg: RegistryLike,
  repo: string,
  seed: string,
  size: number
): Promise<{ digest: string; size: number }> {
  let digest: string;
  let body: Body;
  if (size <= STREAM_THRESHOLD) {
    body = Buffer.concat([...prng(seed, size)]);
    digest = sha256(body);
  } else {
    const h = crypto.createHash('sha256');
    for (const c of prng(seed, size)) h.update(c);
    digest = `sha256:${h.digest('hex')}`;
    body = () => Readable.from(prng(seed, size));
  }
  await pushBlob(reg, repo, digest, size, body);
  return { digest, size };
}

export interface PushImageOptions {
  os?: string;
  architecture: string;
  variant?: string;
  osVersion?: string;
  osFeatures?: string[];
  format?: 'docker' | 'oci';
  /** bytes per layer; default one 1 KiB layer */
  layerSizes?: number[];
  /** same seed (and sizes, platform) => identical blobs and manifest; default: unique per call */
  layerSeed?: string;
  /** write a config without os/architecture (as some tools do), so only annotate flags can tell */
  configWithoutPlatform?: boolean;
}

export interface PushedImage {
  digest: string;
  mediaType: string;
  size: number;
  configDigest: string;
  layerDigests: string[];
  /** the manifest bytes exactly as pushed */
  manifest: string;
  /** the platform the config declares, ready to put in an index descriptor */
  platform: Platform;
}

/** Push a single-platform image (config + layers + manifest); by digest when tag is undefined. */
export async function pushImage(
  reg: RegistryLike,
  repo: string,
  tag: string | undefined,
  opts: PushImageOptions
): Promise<PushedImage> {
  const oci = opts.format === 'oci';
  const seed = opts.layerSeed ?? crypto.randomUUID();
  const sizes = opts.layerSizes ?? [1024];
  const layers: Array<{ digest: string; size: number }> = [];
  for (const [i, size] of sizes.entries()) layers.push(await pushLayer(reg, repo, `${seed}/${i}`, size));

  const platform: Platform = {
    architecture: opts.architecture,
    os: opts.os ?? 'linux',
    ...(opts.variant ? { variant: opts.variant } : {}),
    ...(opts.osVersion ? { 'os.version': opts.osVersion } : {}),
    ...(opts.osFeatures ? { 'os.features': opts.osFeatures } : {})
  };
  // Layers are random bytes, not real tarballs, so diff_id = digest is a harmless fiction.
  const config = JSON.stringify({
    ...(opts.configWithoutPlatform ? {} : platform),
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) }
  });
  const configDigest = sha256(config);
  await pushBlob(reg, repo, configDigest, Buffer.byteLength(config), Buffer.from(config));

  const mediaType = oci ? MT.ociManifest : MT.dockerManifest;
  // 3-space indent like docker's own output: bytes that a re-serializer would not reproduce.
  const manifest = JSON.stringify(
    {
      schemaVersion: 2,
      mediaType,
      config: {
        mediaType: oci ? MT.ociConfig : MT.dockerConfig,
        size: Buffer.byteLength(config),
        digest: configDigest
      },
      layers: layers.map((l) => ({ mediaType: oci ? MT.ociLayer : MT.dockerLayer, size: l.size, digest: l.digest }))
    },
    null,
    3
  );
  const digest = await putManifest(reg, repo, tag ?? sha256(manifest), mediaType, manifest);
  return {
    digest,
    mediaType,
    size: Buffer.byteLength(manifest),
    configDigest,
    layerDigests: layers.map((l) => l.digest),
    manifest,
    platform
  };
}

export interface PushedIndex {
  digest: string;
  mediaType: string;
  size: number;
  manifest: string;
}

/**
 * Push a manifest list (docker, default) or OCI index over `manifests` (which must already be
 * in `repo`: distribution 2.8 rejects a list whose children it cannot find there).
 */
export async function pushIndex(
  reg: RegistryLike,
  repo: string,
  tag: string | undefined,
  manifests: Descriptor[],
  opts: { format?: 'docker' | 'oci'; annotations?: Record<string, string> } = {}
): Promise<PushedIndex> {
  const mediaType = opts.format === 'oci' ? MT.ociIndex : MT.dockerList;
  const manifest = JSON.stringify(
    {
      schemaVersion: 2,
      mediaType,
      // Keep only descriptor fields: callers may pass PushedImage objects directly.
      manifests: manifests.map((m) => ({
        mediaType: m.mediaType,
        size: m.size,
        digest: m.digest,
        ...(m.platform ? { platform: m.platform } : {}),
        ...(m.annotations ? { annotations: m.annotations } : {}),
        ...(m.artifactType ? { artifactType: m.artifactType } : {})
      })),
      ...(opts.annotations ? { annotations: opts.annotations } : {})
    },
    null,
    3
  );
  const digest = await putManifest(reg, repo, tag ?? sha256(manifest), mediaType, manifest);
  return { digest, mediaType, size: Buffer.byteLength(manifest), manifest };
}

export interface PushedBuildx extends PushedIndex {
  imageDigest: string;
  attestationDigest: string;
  image: PushedImage;
  attestationConfigDigest: string;
  attestationLayerDigest: string;
}

export interface BuildxOptions {
  architecture: string;
  variant?: string;
  os?: string;
  format?: 'oci';
  layerSeed?: string;
  /**
   * BuildKit >= 0.32: the attestation is an OCI artifact (artifactType
   * application/vnd.docker.attestation.manifest.v1+json, the empty config, a `subject` naming the
   * image); default: the older form (an image manifest with an unknown/unknown config).
   */
  artifact?: boolean;
  /** false: the index descriptor lacks the vnd.docker.reference.* annotations (only the artifact's `subject` tells). */
  annotate?: boolean;
}

/**
 * What `docker buildx build --push` produces by default: an OCI index holding the image and a
 * provenance attestation manifest (platform unknown/unknown, vnd.docker.reference.* annotations).
 */
export async function pushBuildxStyle(
  reg: RegistryLike,
  repo: string,
  tag: string | undefined,
  opts: BuildxOptions
): Promise<PushedBuildx> {
  const image = await pushImage(reg, repo, undefined, { ...opts, format: 'oci' });
  const statement = JSON.stringify({
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: 'https://slsa.dev/provenance/v0.2',
    subject: [{ name: `pkg:docker/${repo}`, digest: { sha256: image.digest.slice('sha256:'.length) } }],
    predicate: { buildType: 'https://mobyproject.org/buildkit@v1', builder: { id: '' } }
  });
  const layerDigest = sha256(statement);
  await pushBlob(reg, repo, layerDigest, Buffer.byteLength(statement), Buffer.from(statement));
  const config = opts.artifact
    ? '{}'
    : JSON.stringify({
        architecture: 'unknown',
        os: 'unknown',
        config: {},
        rootfs: { type: 'layers', diff_ids: [layerDigest] }
      });
  const configDigest = sha256(config);
  await pushBlob(reg, repo, configDigest, Buffer.byteLength(config), Buffer.from(config));
  const attestation = JSON.stringify({
    schemaVersion: 2,
    mediaType: MT.ociManifest,
    ...(opts.artifact ? { artifactType: MT.dockerAttestation } : {}),
    config: {
      mediaType: opts.artifact ? MT.ociEmpty : MT.ociConfig,
      digest: configDigest,
      size: Buffer.byteLength(config)
    },
    layers: [
      {
        mediaType: MT.inToto,
        digest: layerDigest,
        size: Buffer.byteLength(statement),
        annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' }
      }
    ],
    ...(opts.artifact ? { subject: { mediaType: image.mediaType, digest: image.digest, size: image.size } } : {})
  });
  const attestationDigest = await putManifest(reg, repo, sha256(attestation), MT.ociManifest, attestation);
  const index = await pushIndex(
    reg,
    repo,
    tag,
    [
      image,
      {
        mediaType: MT.ociManifest,
        digest: attestationDigest,
        size: Buffer.byteLength(attestation),
        ...(opts.annotate === false
          ? {}
          : {
              annotations: {
                'vnd.docker.reference.digest': image.digest,
                'vnd.docker.reference.type': 'attestation-manifest'
              }
            }),
        ...(opts.artifact ? { artifactType: MT.dockerAttestation } : {}),
        platform: { architecture: 'unknown', os: 'unknown' }
      }
    ],
    { format: 'oci' }
  );
  return {
    ...index,
    imageDigest: image.digest,
    attestationDigest,
    image,
    attestationConfigDigest: configDigest,
    attestationLayerDigest: layerDigest
  };
}

export interface FetchedManifest {
  status: number;
  body: string;
  /** Docker-Content-Digest header */
  digest?: string;
  /** Content-Type header */
  mediaType?: string;
}

/** GET a manifest; on 200 the Docker-Content-Digest must be the sha256 of the body. */
export async function getManifest(
  reg: RegistryLike,
  repo: string,
  ref: string,
  accept: string[] = ALL_MANIFEST_TYPES
): Promise<FetchedManifest> {
  const res = await registryRequest(reg, 'GET', `/v2/${repo}/manifests/${ref}`, {
    repo,
    headers: { accept: accept.join(', ') }
  });
  const digest = res.headers['docker-content-digest'] as string | undefined;
  if (res.status === 200 && digest !== sha256(res.body)) {
    throw new Error(`GET ${repo}/manifests/${ref}: Docker-Content-Digest ${digest} != body ${sha256(res.body)}`);
  }
  return { status: res.status, body: res.body.toString('utf8'), digest, mediaType: res.headers['content-type'] };
}

export async function headBlob(reg: RegistryLike, repo: string, digest: string): Promise<number> {
  return (await registryRequest(reg, 'HEAD', `/v2/${repo}/blobs/${digest}`, { repo })).status;
}

export async function getBlob(
  reg: RegistryLike,
  repo: string,
  digest: string
): Promise<{ status: number; body: Buffer }> {
  const res = await registryRequest(reg, 'GET', `/v2/${repo}/blobs/${digest}`, { repo });
  return { status: res.status, body: res.body };
}

/** Tags of a repository; an unknown repository (404 NAME_UNKNOWN) has none. */
export async function listTags(reg: RegistryLike, repo: string): Promise<string[]> {
  const res = await registryRequest(reg, 'GET', `/v2/${repo}/tags/list`, { repo });
  if (res.status === 404) return [];
  if (res.status !== 200) fail(`list tags of ${repo}`, res);
  return (JSON.parse(res.body.toString('utf8')) as { tags?: string[] | null }).tags ?? [];
}

/** DELETE /v2/<repo>/manifests/<digest>; 202 on success, 405 when storage.delete is off. */
export async function deleteManifest(reg: RegistryLike, repo: string, digest: string): Promise<number> {
  return (await registryRequest(reg, 'DELETE', `/v2/${repo}/manifests/${digest}`, { repo })).status;
}

/**
 * Every file under the storage root with size and mtime, keyed by relative path. Compare two
 * snapshots with toEqual to prove that nothing was written (a rewritten tag link changes mtime).
 */
export function snapshotStorage(root: string): Record<string, { size: number; mtimeMs: number }> {
  const out: Record<string, { size: number; mtimeMs: number }> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = fs.statSync(p);
        out[path.relative(root, p)] = { size: st.size, mtimeMs: st.mtimeMs };
      }
    }
  };
  if (fs.existsSync(root)) walk(root);
  return out;
}

export function countFiles(root: string): number {
  return Object.keys(snapshotStorage(root)).length;
}
