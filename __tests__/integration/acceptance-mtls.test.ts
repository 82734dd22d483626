/**
 * Acceptance: a registry that asks for a client certificate (distribution 2.8 with
 * `http.tls.clientcas`), the certs.d layout docker uses: `<FANIN_CERTS_DIR>/<host>/ca.crt`,
 * `client.cert`, `client.key`. Without the client pair the handshake fails with the server's
 * alert; that used to be reported as "its TLS certificate is not trusted … set insecure: true",
 * which does not help (insecure: true fails the same way).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pushImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { expectExit } from '../../harness/checks';
import { theErrorLine } from '../../harness/fanin-checks';

let dir: string;
let host: string;
let child: ChildProcess | undefined;
let plain: TestRegistry;

const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A certs.d base holding the server's CA for `host`, and the client pair when `client`. */
function certsDir(name: string, client: boolean): string {
  const d = path.join(dir, name, host);
  fs.mkdirSync(d, { recursive: true });
  fs.copyFileSync(path.join(dir, 'srv.crt'), path.join(d, 'ca.crt'));
  if (client) {
    fs.copyFileSync(path.join(dir, 'client.cert'), path.join(d, 'client.cert'));
    fs.copyFileSync(path.join(dir, 'client.key'), path.join(d, 'client.key'));
  }
  return path.join(dir, name);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-mtls-'));
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=fanin-test-client-ca'
  );
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'srv.key',
    '-out',
    'srv.crt',
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1'
  );
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=ci');
  openssl(
    'x509',
    '-req',
    '-in',
    'client.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'client.cert',
    '-days',
    '2'
  );
  plain = await startRegistry();
  await pushImage(plain, 'acc/src', 'amd64', { architecture: 'amd64' });
  await pushImage(plain, 'acc/src', 'arm64', { architecture: 'arm64' });
  host = `127.0.0.1:${await freePort()}`;
  const config = [
    'version: 0.1',
    'log: {level: error}',
    `storage: {filesystem: {rootdirectory: ${dir}/storage}, delete: {enabled: true}}`,
    'http:',
    `  addr: ${host}`,
    '  tls:',
    `    certificate: ${dir}/srv.crt`,
    `    key: ${dir}/srv.key`,
    `    clientcas: [${dir}/ca.crt]`
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'config.yml'), config);
  child = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net
        .connect(Number(host.split(':')[1]), '127.0.0.1', () => (s.end(), resolve(true)))
        .on('error', () => resolve(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
}, 30_000);

afterAll(async () => {
  child?.kill('SIGKILL');
  await plain?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('with client.cert and client.key in certs.d the list is pushed; without them the error says a client certificate is wanted', async () => {
  const ok = await runAction(
    { tags: `${host}/acc/app:1`, sources: `${plain.host}/acc/src:amd64\n${plain.host}/acc/src:arm64` },
    { env: { FANIN_CERTS_DIR: certsDir('with-client', true) } }
  );
  expectExit(ok, 0);
  expect(ok.outputs.platforms).toBe('linux/amd64,linux/arm64');

  for (const insecure of ['false', 'true']) {
    const r = await runAction(
      { tags: `${host}/acc/app:2`, sources: `${host}/acc/app:1`, insecure },
      { env: { FANIN_CERTS_DIR: certsDir('ca-only', false) } }
    );
    expectExit(r, 1);
    const line = theErrorLine(r.stdout);
    expect(line).toContain(host);
    expect(line).toMatch(/client certificate/);
    expect(line).toContain('client.cert');
    expect(line).not.toMatch(/not trusted|set insecure/);
  }
});
