/** How the GitHub REST API answers (for ./github-packages-api): JSON bodies, errors with their docs link, Link paging. */
import type http from 'node:http';

const DOCS = 'https://docs.github.com/rest/packages/packages';

export type Scope = 'org' | 'user' | 'authenticated-user';
export type What = 'list' | 'get' | 'delete' | 'package';

export function docFor(what: What, scope: Scope): string {
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
}

export function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const text = status === 204 ? '' : JSON.stringify(body, null, 2);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'X-GitHub-Api-Version-Selected': '2022-11-28',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers
  });
  res.end(text);
}

export const fail = (
  res: http.ServerResponse,
  status: number,
  message: string,
  doc = 'https://docs.github.com/rest'
): void => send(res, status, { message, documentation_url: doc, status: String(status) });

/** GitHub's Link header: prev, next, last, first (those that apply), each the request URL with `page` replaced. */
export function linkHeader(base: string, u: URL, page: number, last: number): string | undefined {
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
