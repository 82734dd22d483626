/**
 * Start real CNCF distribution 2.8 registries (`docker-registry serve`) on 127.0.0.1 for tests.
 *
 * Every registry gets its own temp dir (config, storage, certs), a free port, and is killed on
 * stop() and at process exit. The process is wrapped in a tiny shell watchdog that also kills it
 * when our stdin pipe closes, so a jest worker that dies hard does not leak registries.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureTools } from './tools';
import { startTokenServer, type TokenServer, type ScopeRequest } from './token-server';

export interface RegistryOptions {
  /** serve HTTPS with a fresh self-signed cert for IP:127.0.0.1 */
  tls?: boolean;
  /** The TLS certificate's subjectAltName (default IP:127.0.0.1): another name makes a certificate that does not cover the host. */
  tlsAltName?: string;
  /** htpasswd basic auth, user "ci-user" with a random password */
  basicAuth?: boolean;
  /** token auth through a fresh token server (user "ci-user", plus an identity token) */
  tokenAuth?: boolean;
  /** storage.delete.enabled (default true); false models registries that refuse DELETE */
  deleteEnabled?: boolean;
  /**
   * Accept manifests whose layer descriptors carry http(s) `urls` (distribution refuses them
   * unless `validation.manifests.urls.allow` is set; Docker Hub, ACR and MCR accept them).
   */
  allowManifestUrls?: boolean;
  /** tokenAuth only: grant policy passed to the token server (default: all requested actions) */
  tokenGrant?: (user: string | undefined, scope: ScopeRequest) => string[];
}

export interface TestRegistry {
  /** "127.0.0.1:PORT" */
  host: string;
  /** scheme://host */
  url: string;
  scheme: 'http' | 'https';
  /** storage.filesystem.rootdirectory */
  root: string;
  /** temp dir holding config.yml, certs, htpasswd and storage */
  dir: string;
  user?: string;
  password?: string;
  /** PEM path of the server certificate (self-signed, so also its CA) when tls */
  caCert?: string;
  token?: TokenServer;
  /** tokenAuth: the `auth.token.service` the registry announces */
  service?: string;
  /** tokenAuth: a refresh token for "ci-user", usable as a docker config `identitytoken` */
  identityToken?: string;
  /** the registry's captured stderr (tail), for failure messages */
  logs(): string;
  stop(): Promise<void>;
}

const USER = 'ci-user';
const SERVICE = 'fanin-test-registry';
const ISSUER = 'fanin-test-issuer';
const START_TIMEOUT_MS = 15_000;
const MAX_ATTEMPTS = 5;

// Live registry process groups, killed when this process exits however it exits normally.
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}
// Registries a test file forgot to stop: stopped (and their dirs removed) after the file.
const unstopped = new Set<TestRegistry>();
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Outside jest, or if jest is killed: the real process's exit. (Inside jest's sandbox
  // process.on('exit') never fires, and a hard kill runs nothing: the shell watchdog covers it.)
  process.on('exit', () => {
    for (const c of live) killGroup(c);
  });
}
// Jest: clean up after this test file. Module registries are per file, so this runs per file.
try {
  if (typeof afterAll === 'function') {
    afterAll(async () => {
      await Promise.all([...unstopped].map((r) => r.stop()));
    });
  }
} catch {
  /* imported from inside a test: hooks cannot be added there; the watchdog still applies */
}

// Ports handed out by this process: never hand the same one out twice, even after close().
const usedPorts = new Set<number>();
async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    if (!usedPorts.has(port)) {
      usedPorts.add(port);
      return port;
    }
  }
}

/** Minimal YAML emitter: nested maps of scalars; JSON strings are valid YAML scalars. */
function toYaml(obj: Record<string, unknown>, indent = ''): string {
  let out = '';
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out += `${indent}${k}:\n${toYaml(v as Record<string, unknown>, indent + '  ')}`;
    } else {
      out += `${indent}${k}: ${JSON.stringify(v)}\n`;
    }
  }
  return out;
}

// Watchdog: run the registry in the background; a sibling waits for EOF on our stdin (fd 3 is a
// copy, since background jobs get /dev/null as stdin) and kills it. Exit code is the registry's.
// On SIGTERM (stop()) the shell reaps both children itself rather than orphaning zombies.
const WRAPPER = [
  'exec 3<&0',
  'docker-registry serve "$1" </dev/null &',
  'pid=$!',
  '( read _ <&3; kill $pid 2>/dev/null ) &',
  'watcher=$!',
  'exec 3<&-',
  "trap 'kill $pid $watcher 2>/dev/null; wait; exit 143' TERM",
  'wait $pid',
  'code=$?',
  'kill $watcher 2>/dev/null',
  'exit $code'
].join('\n');

/** One GET /v2/; resolves true only for an answer that is really from distribution. */
function probe(scheme: 'http' | 'https', host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const mod = scheme === 'https' ? https : http;
    const req = mod.request(
      `${scheme}://${host}/v2/`,
      { method: 'GET', agent: false, rejectUnauthorized: false, timeout: 2000 },
      (res) => {
        res.resume();
        // 200 (open) or 401 (auth) both mean "up"; the header proves it is not some other server.
        resolve(res.headers['docker-distribution-api-version'] === 'registry/2.0');
      }
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

export async function startRegistry(opts: RegistryOptions = {}): Promise<TestRegistry> {
  if (opts.basicAuth && opts.tokenAuth) throw new Error('startRegistry: basicAuth and tokenAuth are exclusive');
  ensureTools();
  installExitHook();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-registry-'));
  const root = path.join(dir, 'storage');
  fs.mkdirSync(root);
  const scheme: 'http' | 'https' = opts.tls ? 'https' : 'http';
  let token: TokenServer | undefined;
  const cleanupOnError = async () => {
    await token?.stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const config: Record<string, unknown> = {
      version: '0.1',
      log: { level: 'error', accesslog: { disabled: true } },
      storage: {
        filesystem: { rootdirectory: root },
        delete: { enabled: opts.deleteEnabled ?? true },
        // No background upload purging while tests look at the storage dir.
        maintenance: { uploadpurging: { enabled: false } }
      },
      http: {
        addr: '', // filled per attempt
        // Without a fixed secret distribution logs a warning and signs upload state randomly.
        secret: crypto.randomBytes(16).toString('hex')
      }
    };
    if (opts.allowManifestUrls) config.validation = { manifests: { urls: { allow: ['^https?://'] } } };
    const httpCfg = config.http as Record<string, unknown>;
    let caCert: string | undefined;
    if (opts.tls) {
      caCert = path.join(dir, 'tls-cert.pem');
      const key = path.join(dir, 'tls-key.pem');
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '2',
          '-subj',
          `/CN=${opts.tlsAltName ? 'fanin-test' : '127.0.0.1'}`,
          '-addext',
          `subjectAltName=${opts.tlsAltName ?? 'IP:127.0.0.1'}`,
          '-keyout',
          key,
          '-out',
          caCert
        ],
        {
          stdio: 'pipe'
        }
      );
      httpCfg.tls = { certificate: caCert, key };
    }
    let user: string | undefined;
    let password: string | undefined;
    let identityToken: string | undefined;
    if (opts.basicAuth) {
      user = USER;
      password = crypto.randomBytes(12).toString('hex');
      const htpasswd = path.join(dir, 'htpasswd');
      fs.writeFileSync(htpasswd, execFileSync('htpasswd', ['-Bbn', user, password], { encoding: 'utf8' }));
      config.auth = { htpasswd: { realm: 'fanin-test', path: htpasswd } };
    }
    if (opts.tokenAuth) {
      user = USER;
      password = crypto.randomBytes(12).toString('hex');
      identityToken = crypto.randomUUID();
      token = await startTokenServer({
        service: SERVICE,
        issuer: ISSUER,
        users: { [user]: password },
        refreshTokens: { [identityToken]: user },
        grant: opts.tokenGrant,
        dir
      });
      config.auth = { token: { realm: token.realm, service: SERVICE, issuer: ISSUER, rootcertbundle: token.certPath } };
    }

    let lastError = '';
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const port = await freePort();
      const host = `127.0.0.1:${port}`;
      httpCfg.addr = host;
      const configPath = path.join(dir, 'config.yml');
      fs.writeFileSync(configPath, toYaml(config));

      // detached: own process group, so stop() can kill sh + registry + watchdog at once.
      const child = spawn('sh', ['-c', WRAPPER, 'registry-wrapper', configPath], {
        stdio: ['pipe', 'ignore', 'pipe'],
        detached: true
      });
      live.add(child);
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString('utf8')).slice(-65536);
      });
      let exited = false;
      const exitedP = new Promise<void>((resolve) =>
        child.once('exit', () => {
          exited = true;
          live.delete(child);
          resolve();
        })
      );
      // Do not keep jest alive for a registry a test forgot to stop; the exit hook kills it.
      child.unref();
      (child.stdin as unknown as net.Socket).unref();
      (child.stderr as unknown as net.Socket).unref();

      const deadline = Date.now() + START_TIMEOUT_MS;
      let ready = false;
      while (!exited && Date.now() < deadline) {
        if ((await probe(scheme, host)) && !exited) {
          ready = true;
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      if (ready) {
        let stopped = false;
        const reg: TestRegistry = {
          host,
          url: `${scheme}://${host}`,
          scheme,
          root,
          dir,
          user,
          password,
          caCert,
          token,
          service: opts.tokenAuth ? SERVICE : undefined,
          identityToken,
          logs: () => stderr,
          async stop() {
            if (stopped) return;
            stopped = true;
            unstopped.delete(reg);
            if (!exited) {
              try {
                process.kill(-child.pid!, 'SIGTERM');
              } catch {
                /* gone */
              }
              const t = setTimeout(() => killGroup(child), 3000);
              await exitedP;
              clearTimeout(t);
            }
            await token?.stop();
            fs.rmSync(dir, { recursive: true, force: true });
          }
        };
        unstopped.add(reg);
        return reg;
      }
      if (!exited) {
        killGroup(child);
        await exitedP;
        throw new Error(`docker-registry on ${host} not answering GET /v2/ after ${START_TIMEOUT_MS} ms:\n${stderr}`);
      }
      await exitedP;
      lastError = stderr;
      // Someone else grabbed the port between our probe and the registry's bind: try another.
      if (!/address already in use/i.test(stderr)) break;
    }
    throw new Error(`docker-registry failed to start:\n${lastError}`);
  } catch (e) {
    await cleanupOnError();
    throw e;
  }
}
