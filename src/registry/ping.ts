/** How to reach one registry: `GET /v2/` chooses the scheme and brings the auth challenge. */
import { TransportError, RegistryError } from '../model/errors';
import { type HostSettings } from './hosts';
import { type HttpResponse, type Transport, isCertificateError, isPlainHttpServer } from './transport';

// OpenSSL's codes for a TLS alert the server sent about the client's certificate (or its absence).
const CLIENT_CERT_ALERT =
  /ALERT_(BAD_CERTIFICATE|CERTIFICATE_REQUIRED|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED)$/;
/** How the edge's user says what a hint asks for: the action's input or the command line's flag, and where certs.d is. */
export interface PingWords {
  /** `set insecure: true` (the action) or `pass --insecure` (the command line). */
  insecure: string;
  /** docker's per-registry certificate directory as configured (FANIN_CERTS_DIR). */
  certsDir: string;
}

const ACTION_WORDS: PingWords = { insecure: 'set insecure: true', certsDir: '/etc/docker/certs.d' };

export interface Endpoint {
  base: string;
  /** Skip certificate verification (only with `insecure`, only over HTTPS). */
  skipVerify: boolean;
  /** The ping's answer: its WWW-Authenticate challenge tells how to authenticate. */
  ping: HttpResponse;
}

/** The base URL a ping asks first: plain HTTP on loopback (a CI service container mostly speaks it), else HTTPS. */
export function firstBase(host: HostSettings): string {
  return `${host.loopback ? 'http' : 'https'}://${host.apiHost}`;
}

/**
 * HTTPS first (verified unless `skipVerify`); plain HTTP only when the server speaks HTTP and the
 * host allows it (asked first on loopback). A server that speaks TLS is never downgraded: a
 * certificate error stays an error.
 */
export async function ping(
  transport: Transport,
  host: HostSettings,
  warn: (msg: string) => void,
  signal?: AbortSignal,
  words: PingWords = ACTION_WORDS
): Promise<Endpoint> {
  const name = host.apiHost;
  if (host.loopback) {
    // A TLS server answers plain HTTP with 400 or a reset, and goes the HTTPS way.
    const base = firstBase(host);
    const res = await transport
      .request({ method: 'GET', url: `${base}/v2/`, maxBytes: 64 * 1024, signal })
      .catch(() => undefined);
    if (res && (res.status === 200 || res.status === 401)) {
      return { base, skipVerify: false, ping: res };
    }
  }
  const https = `https://${name}`;
  try {
    const res = await transport.request({
      method: 'GET',
      url: `${https}/v2/`,
      skipVerify: host.skipVerify,
      maxBytes: 64 * 1024,
      signal
    });
    checkPing(name, res);
    if (host.skipVerify) warn(`TLS certificate verification is off for ${name} (insecure: true)`);
    return { base: https, skipVerify: host.skipVerify, ping: res };
  } catch (err) {
    if (isPlainHttpServer(err)) {
      if (!host.plainHttp) {
        throw new TransportError(
          `registry ${name} speaks plain HTTP, not HTTPS: ${words.insecure} to allow plain HTTP for it`,
          'PLAIN_HTTP'
        );
      }
      const http = `http://${name}`;
      const res = await transport.request({ method: 'GET', url: `${http}/v2/`, maxBytes: 64 * 1024, signal });
      checkPing(name, res);
      if (host.insecure) warn(`using plain HTTP for ${name} (insecure: true)`);
      return { base: http, skipVerify: false, ping: res };
    }
    // The server's alert about our certificate (distribution with http.tls.clientcas sends
    // bad_certificate when none is presented): its certificate is not the problem, and insecure
    // (which skips verifying the server) cannot help.
    const alert = ((err as NodeJS.ErrnoException).code ?? '').match(CLIENT_CERT_ALERT);
    if (alert) {
      throw new TransportError(
        `registry ${name} refused the TLS handshake (${alert.input}): it asks for a client certificate it trusts; put client.cert and client.key for it in ${words.certsDir}/${name}/`,
        'CLIENT_CERT'
      );
    }
    const altname = nameNotCovered(err, name);
    if (altname) throw altname;
    if (isCertificateError(err)) {
      const code =
        ((err as TransportError).cause as NodeJS.ErrnoException | undefined)?.code ?? (err as TransportError).code;
      throw new TransportError(
        `registry ${name}: its TLS certificate is not trusted (${code}); trust its CA (system store, ${words.certsDir}/${name}/ca.crt or NODE_EXTRA_CA_CERTS), or ${words.insecure} to skip verification`,
        'CERT'
      );
    }
    throw err;
  }
}

function checkPing(host: string, res: HttpResponse): void {
  if (res.status === 200 || res.status === 401) return;
  if (res.status === 404)
    throw new RegistryError(
      `registry ${host}: GET /v2/ answered 404; this host does not serve the registry v2 API`,
      404
    );
  throw new RegistryError(`registry ${host}: GET /v2/ answered HTTP ${res.status}`, res.status);
}

/**
 * A certificate for other names (ERR_TLS_CERT_ALTNAME_INVALID): its CA is trusted, so "not
 * trusted" would send the user the wrong way. Says the name it lacks and the names it has.
 */
function nameNotCovered(err: unknown, name: string): TransportError | undefined {
  const node = ((err as { cause?: unknown }).cause ?? err) as NodeJS.ErrnoException & {
    host?: string;
    cert?: { subjectaltname?: string; subject?: { CN?: string } };
  };
  if (node?.code !== 'ERR_TLS_CERT_ALTNAME_INVALID') return undefined;
  const host = node.host ?? name.replace(/:\d+$/, '');
  const has = node.cert?.subjectaltname || (node.cert?.subject?.CN ? `CN=${node.cert.subject.CN}` : 'no names');
  return new TransportError(
    `registry ${name}: its TLS certificate does not cover ${host} (ERR_TLS_CERT_ALTNAME_INVALID): it names ${has}; use a name the certificate covers, or have it reissued with ${host} in its subjectAltName`,
    'CERT_NAME',
    { cause: err }
  );
}
