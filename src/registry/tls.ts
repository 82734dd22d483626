/**
 * Which certificates a registry's TLS is checked against: Node's bundled roots (with
 * NODE_EXTRA_CA_CERTS), the system store (where update-ca-certificates puts a company CA, as
 * docker and skopeo see it), and docker's per-registry directory /etc/docker/certs.d/<host>/
 * (`*.crt` CAs, `*.cert` + `*.key` client certificate).
 */
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { TransportError } from '../model/errors';

/** docker's directory for one host below the certs.d base. */
export function certsDir(host: string, base: string): string {
  return path.join(base, host);
}

/** Whether docker's certs.d has an entry for this host. */
export function hasCertsDir(host: string, base: string): boolean {
  return fs.existsSync(certsDir(host, base));
}

function read(dir: string, ext: string): Array<{ name: string; text: string }> {
  let names: string[];
  try {
    names = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith(ext))
      .sort();
  } catch {
    return [];
  }
  return names.map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

function caCertificates(type: 'default' | 'system'): string[] {
  try {
    return [...tls.getCACertificates(type)];
  } catch {
    return []; // an older runtime without the system store
  }
}

let roots: string[] | undefined;
const contexts = new Map<string, tls.SecureContext>();

/** A secure context for one registry host, built once. */
export function secureContextFor(host: string, base: string): tls.SecureContext {
  const key = `${base}|${host}`;
  let ctx = contexts.get(key);
  if (!ctx) {
    roots ??= [...new Set([...caCertificates('default'), ...caCertificates('system')])];
    const dir = certsDir(host, base);
    const extra = read(dir, '.crt').map((c) => {
      try {
        new X509Certificate(c.text);
      } catch {
        throw new TransportError(
          `${path.join(dir, c.name)} is not a PEM certificate; fix or remove it to reach ${host}`,
          'CERT_FILE'
        );
      }
      return c.text;
    });
    const options: tls.SecureContextOptions = { ca: [...roots, ...extra] };
    const cert = read(dir, '.cert')[0];
    if (cert) {
      const key = path.join(dir, cert.name.replace(/\.cert$/, '.key'));
      if (fs.existsSync(key)) Object.assign(options, { cert: cert.text, key: fs.readFileSync(key, 'utf8') });
    }
    ctx = tls.createSecureContext(options);
    contexts.set(key, ctx);
  }
  return ctx;
}
