import { TransportError, RegistryError } from '../model/errors';
import { isLoopback } from '../model/reference';
import { HttpResponse, Transport, isCertificateError, isPlainHttpServer } from './transport';

/** How to reach one registry: base URL and whether TLS verification is off. */
export interface Endpoint {
  base: string;
  /** Skip certificate verification (only with `insecure`). */
  insecure: boolean;
  /** The ping's answer: its WWW-Authenticate challenge tells how to authenticate. */
  ping: HttpResponse;
}

/**
 * `GET /v2/` to choose the scheme: HTTPS first (verified unless `insecure`); plain HTTP only when
 * the server speaks HTTP and either `insecure` is set or the host is loopback (asked first there).
 * A server that speaks TLS is never downgraded: a certificate error stays an error.
 */
export async function ping(transport: Transport, host: string, insecure: boolean, warn: (msg: string) => void): Promise<Endpoint> {
  if (isLoopback(host)) {
    // Loopback registries (a CI service container) mostly speak plain HTTP: ask that first and skip
    // a TLS handshake. A TLS server answers plain HTTP with 400 or a reset, and goes the HTTPS way.
    const res = await transport.request({ method: 'GET', url: `http://${host}/v2/`, maxBytes: 64 * 1024 }).catch(() => undefined);
    if (res && (res.status === 200 || res.status === 401)) {
      return { base: `http://${host}`, insecure: false, ping: res };
    }
  }
  const https = `https://${host}`;
  try {
    const res = await transport.request({ method: 'GET', url: `${https}/v2/`, insecure, maxBytes: 64 * 1024 });
    checkPing(host, res);
    if (insecure) warn(`TLS certificate verification is off for ${host} (insecure: true)`);
    return { base: https, insecure, ping: res };
  } catch (err) {
    if (isPlainHttpServer(err)) {
      if (!insecure && !isLoopback(host)) {
        throw new TransportError(`registry ${host} speaks plain HTTP, not HTTPS: set insecure: true to allow plain HTTP for it`, 'PLAIN_HTTP');
      }
      const http = `http://${host}`;
      const res = await transport.request({ method: 'GET', url: `${http}/v2/`, maxBytes: 64 * 1024 });
      checkPing(host, res);
      if (insecure) warn(`using plain HTTP for ${host} (insecure: true)`);
      return { base: http, insecure: false, ping: res };
    }
    if (isCertificateError(err)) {
      const code = ((err as TransportError).cause as NodeJS.ErrnoException | undefined)?.code ?? (err as TransportError).code;
      throw new TransportError(
        `registry ${host}: its TLS certificate is not trusted (${code}); trust its CA (system store, /etc/docker/certs.d/${host}/ca.crt or NODE_EXTRA_CA_CERTS), or set insecure: true to skip verification`,
        'CERT'
      );
    }
    throw err;
  }
}

function checkPing(host: string, res: HttpResponse): void {
  if (res.status === 200 || res.status === 401) return;
  if (res.status === 404) throw new RegistryError(`registry ${host}: GET /v2/ answered 404; this host does not serve the registry v2 API`, 404);
  throw new RegistryError(`registry ${host}: GET /v2/ answered HTTP ${res.status}`, res.status);
}
