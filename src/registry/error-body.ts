/**
 * What an error answer says, in the registry's (or token server's) own words: every entry of the
 * distribution spec's `{"errors":[{code, message, detail}]}`, OAuth2's `error` /
 * `error_description`, or a short plain-text body (Docker Hub's 429 is plain text). One reader for
 * registries and token servers alike.
 */
import { type RegistryErrorEntry } from '../model/errors';

export interface ErrorBody {
  /** The distribution-spec errors, in order (empty when the body had none). */
  errors: RegistryErrorEntry[];
  /** All of it as one short phrase, or undefined when the body said nothing usable. */
  summary?: string;
}

const MAX_PART = 300;
const MAX_SUMMARY = 600;

/** One line, printable characters only, bounded: a body must not bend our one-line failure. */
function clean(text: string, max = MAX_PART): string {
  const t = text
    // eslint-disable-next-line no-control-regex -- control characters are exactly what goes
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function detailText(detail: unknown): string | undefined {
  if (detail === undefined || detail === null || detail === '') return undefined;
  if (typeof detail === 'string') return clean(detail);
  try {
    const s = JSON.stringify(detail);
    return s && s !== '{}' && s !== '[]' ? clean(s) : undefined;
  } catch {
    return undefined;
  }
}

/** `CODE message (detail: …)` for one spec error. */
export function describeEntry(e: RegistryErrorEntry): string {
  const detail = detailText(e.detail);
  return [e.code && clean(e.code), e.message && clean(e.message), detail && `(detail: ${detail})`]
    .filter(Boolean)
    .join(' ');
}

export function parseErrorBody(body: Buffer | undefined, contentType?: string | string[]): ErrorBody {
  const text = body?.length ? body.toString('utf8') : '';
  if (!text.trim()) return { errors: [] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON: plain text is the server's own words; an HTML page (a proxy's) is not worth quoting.
    const type = String(Array.isArray(contentType) ? contentType[0] : (contentType ?? '')).toLowerCase();
    if (type.includes('html') || /^\s*</.test(text)) return { errors: [] };
    const summary = clean(text);
    return { errors: [], summary: summary || undefined };
  }
  if (!json || typeof json !== 'object') return { errors: [] };
  const j = json as Record<string, unknown>;
  const errors: RegistryErrorEntry[] = Array.isArray(j.errors)
    ? (j.errors as unknown[])
        .filter((e): e is Record<string, unknown> => !!e && typeof e === 'object')
        .map((e) => ({
          code: typeof e.code === 'string' ? e.code : undefined,
          message: typeof e.message === 'string' ? e.message : undefined,
          detail: e.detail
        }))
    : [];
  const parts = errors.map(describeEntry).filter(Boolean);
  // OAuth2 token endpoints (RFC 6749 §5.2) and some registries' own shapes.
  const oauth = [j.error, j.error_description, j.details, j.message]
    .filter((x): x is string => typeof x === 'string' && x.length > 0)
    .map((x) => clean(x));
  if (oauth.length) parts.unshift([...new Set(oauth)].join(': '));
  const summary = parts.length ? clean(parts.join('; '), MAX_SUMMARY) : undefined;
  return { errors, summary };
}
