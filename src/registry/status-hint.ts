/**
 * What an unexpected status tells the user: the status in words, what to do about it, and the
 * one-line RegistryError that carries both with the registry's own words (error-body.ts). A 401's
 * hint depends on the credentials found, so the caller supplies it (login-hint.ts).
 */
import { RegistryError } from '../model/errors';
import { type Credential } from './credentials';
import { parseErrorBody } from './error-body';
import { parseRetryAfter } from './retry';
import { type HttpResponse } from './transport';

/** What to do about an error status, for the failure line. */
function hintFor(status: number, registry: string, retryAfterMs?: number, credential?: Credential): string {
  if (status === 403)
    return credential
      ? `the credentials for ${registry} from ${credential.from} lack permission: sources need pull, targets need push`
      : `no credentials for ${registry} were found, and anonymous access was refused: log in, or give credentials for it`;
  if (status === 429) {
    const wait = retryAfterMs !== undefined ? ` and asks to wait ${formatWait(retryAfterMs)}` : '';
    return `rate limited: ${registry} refuses more requests for now${wait}; log in for a higher limit or retry later`;
  }
  if (status === 431)
    return `the request's headers were too large for ${registry} (or a proxy in front of it), most likely a token that covers many repositories: publish to fewer repositories per run`;
  if (status === 414) return `the request's URL was too long for ${registry} (or a proxy in front of it)`;
  // A 5xx is retried (session.retry says so, and says when the registry kept failing); one that is
  // not retried carries a code that blames the request, so "retry later" would mislead either way.
  return '';
}

function formatWait(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s >= 7200) return `${Math.round(s / 360) / 10} h`;
  return s >= 120 ? `${Math.round(s / 60)} min` : `${s} s`;
}

/** A status in words where the bare number says little. */
function statusText(status: number): string {
  if (status === 429) return 'HTTP 429 (rate limited)';
  if (status === 431) return 'HTTP 431 (request headers too large)';
  if (status === 414) return 'HTTP 414 (URL too long)';
  return `HTTP ${status}`;
}

/** `HTTP 400 UNSUPPORTED …`: the status in words with the registry's own code and message. */
export function answerText(res: HttpResponse): string {
  const { summary } = parseErrorBody(res.body, res.headers['content-type']);
  return summary ? `${statusText(res.status)} ${summary}` : statusText(res.status);
}

/**
 * A RegistryError for an unexpected status, with every error the registry's body gives.
 * `unauthorizedHint`: what a 401 from this registry tells the user.
 */
export function statusError(
  res: HttpResponse,
  what: string,
  registry: string,
  unauthorizedHint: () => string,
  /** The credential the request was sent with (undefined: anonymous), for a 403's words. */
  credential?: Credential
): RegistryError {
  const { errors, summary } = parseErrorBody(res.body, res.headers['content-type']);
  const retryAfterMs = parseRetryAfter(res.headers['retry-after']);
  const hint = res.status === 401 ? unauthorizedHint() : hintFor(res.status, registry, retryAfterMs, credential);
  return new RegistryError(
    `${what}: ${registry} answered ${statusText(res.status)}${summary ? ` ${summary}` : ''}${hint ? `; ${hint}` : ''}`,
    res.status,
    errors[0]?.code,
    retryAfterMs,
    errors
  );
}
