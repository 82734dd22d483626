/** Registry API facts the personalities share: media types, routes, Accept parsing, error bodies. */
import crypto from 'node:crypto';
import type http from 'node:http';

export const MT = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json'
} as const;
export const ALL_MANIFEST_TYPES = [MT.ociIndex, MT.dockerList, MT.ociManifest, MT.dockerManifest].join(', ');

export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'proxy-authorization',
  'proxy-authenticate'
]);
export const MAX_BUFFERED_BODY = 16 << 20; // manifests are at most 4 MiB in practice

export const sha256 = (b: Buffer): string => `sha256:${crypto.createHash('sha256').update(b).digest('hex')}`;
export const isDigest = (ref: string): boolean => ref.includes(':');
// distribution's reference grammar (tag and path components): anything else is no file name to build.
export const TAG_RE = /^[\w][\w.-]{0,127}$/;
export const REPO_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

export type Route =
  | { kind: 'base' }
  | { kind: 'manifest'; repo: string; ref: string }
  | { kind: 'upload'; repo: string; session?: string }
  | { kind: 'blob'; repo: string; digest: string }
  | { kind: 'tags'; repo: string }
  | { kind: 'other' };

export function parseRoute(pathname: string): Route {
  if (pathname === '/v2/' || pathname === '/v2') return { kind: 'base' };
  let m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(pathname);
  if (m) return { kind: 'manifest', repo: m[1], ref: m[2] };
  m = /^\/v2\/(.+)\/blobs\/uploads\/?([^/]*)$/.exec(pathname);
  if (m) return { kind: 'upload', repo: m[1], session: m[2] || undefined };
  m = /^\/v2\/(.+)\/blobs\/([^/]+)$/.exec(pathname);
  if (m) return { kind: 'blob', repo: m[1], digest: m[2] };
  m = /^\/v2\/(.+)\/tags\/list$/.exec(pathname);
  if (m) return { kind: 'tags', repo: m[1] };
  return { kind: 'other' };
}

/** Media types a client's Accept names explicitly (distribution, ACR and GHCR ignore wildcards). */
export function acceptedTypes(accept: string | string[] | undefined): Set<string> {
  const out = new Set<string>();
  for (const h of Array.isArray(accept) ? accept : accept ? [accept] : []) {
    for (const part of h.split(',')) {
      const [type, ...params] = part.split(';').map((s) => s.trim());
      if (!type) continue;
      if (params.some((p) => /^q=0(?:\.0*)?$/.test(p))) continue;
      out.add(type.toLowerCase());
    }
  }
  return out;
}

export interface Buffered {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface PassOptions {
  method?: string;
  /** path and query to send instead of the client's */
  path?: string;
  /** the request body, when the personality has read it (else the client's is streamed) */
  body?: Buffer;
  /** headers set on the forwarded request */
  headers?: Record<string, string>;
  /** headers added to the response */
  responseHeaders?: Record<string, string>;
  /** look at the backend's answer; return a replacement to send instead (the backend body is dropped) */
  intercept?: (status: number, headers: http.IncomingHttpHeaders) => Reply | undefined;
  /** recorded when the personality changed something on the way */
  note?: string;
}

export interface Reply {
  status: number;
  /** An array: one header line per value (multitag's OCI-Tag). */
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  note: string;
}

/** distribution's error envelope: {"errors":[{code, message, detail}]} */
export function registryError(
  status: number,
  code: string,
  message: string,
  detail: unknown,
  note: string,
  headers: Record<string, string> = {}
): Reply {
  const body = JSON.stringify({ errors: [{ code, message, ...(detail !== undefined ? { detail } : {}) }] });
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }, body, note };
}
