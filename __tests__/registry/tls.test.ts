import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { certsDir, hasCertsDir, secureContextFor } from '../../src/registry/tls';

describe('per-registry trust (docker certs.d layout)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-certsd-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the directory is <certs dir>/<host[:port]>', () => {
    expect(certsDir('registry.example:5000', dir)).toBe(path.join(dir, 'registry.example:5000'));
    expect(certsDir('ghcr.io', '/etc/docker/certs.d')).toBe('/etc/docker/certs.d/ghcr.io');
  });

  test('hasCertsDir only for hosts with an entry', () => {
    fs.mkdirSync(path.join(dir, 'with-ca:443'));
    expect(hasCertsDir('with-ca:443', dir)).toBe(true);
    expect(hasCertsDir('without-ca:443', dir)).toBe(false);
  });

  test('a CA and a client certificate pair in the entry make one cached context', () => {
    const host = 'mtls.example:8443';
    const d = path.join(dir, host);
    fs.mkdirSync(d);
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=ca',
        '-keyout',
        path.join(d, 'ca.key.unused'),
        '-out',
        path.join(d, 'ca.crt')
      ],
      {
        stdio: 'ignore'
      }
    );
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=client',
        '-keyout',
        path.join(d, 'client.key'),
        '-out',
        path.join(d, 'client.cert')
      ],
      {
        stdio: 'ignore'
      }
    );
    const ctx = secureContextFor(host, dir);
    expect(ctx.context).toBeDefined();
    expect(secureContextFor(host, dir)).toBe(ctx);
  });

  test('a malformed CA file is an error, not a silent fallback', () => {
    const host = 'broken.example:443';
    fs.mkdirSync(path.join(dir, host));
    fs.writeFileSync(path.join(dir, host, 'ca.crt'), 'not a certificate');
    expect(() => secureContextFor(host, dir)).toThrow(
      `${path.join(dir, host, 'ca.crt')} is not a PEM certificate; fix or remove it to reach ${host}`
    );
  });
});
