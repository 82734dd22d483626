/**
 * Docker client configuration fixtures: config.json files and fake credential helpers, for
 * testing how the action finds credentials ($DOCKER_CONFIG/config.json: auths, credHelpers,
 * credsStore).
 */
import fs from 'node:fs';
import path from 'node:path';

/** Write `<dir>/config.json` (creating dir); returns dir, ready for DOCKER_CONFIG. */
export function writeDockerConfig(dir: string, config: object): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, '\t'));
  return dir;
}

/** An `auths` entry as `docker login` writes it: base64("user:pass"). */
export function basicAuthEntry(user: string, pass: string): { auth: string } {
  return { auth: Buffer.from(`${user}:${pass}`).toString('base64') };
}

export interface CredentialHelper {
  /** absolute path of docker-credential-<name>; put its dir first on PATH */
  path: string;
  /** one line per call: "<action> <server>" */
  logFile: string;
  /** the calls so far, parsed from logFile */
  calls(): Array<{ action: string; server: string }>;
}

/** Single-quote for /bin/sh: the only character to escape is the quote itself. */
const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Write an executable `docker-credential-<name>` into binDir. It is /bin/sh (the PATH the action
 * sees may not have Node 24): `get` reads the server URL from stdin and answers
 * {"ServerURL","Username","Secret"} for known servers, or prints docker's "credentials not found
 * in native keychain" and exits 1 (the protocol's not-found signal). `list` answers the
 * server->username map; store/erase are accepted and ignored. Every call is logged.
 */
export function makeCredentialHelper(
  binDir: string,
  name: string,
  entries: Record<string, { Username: string; Secret: string }>
): CredentialHelper {
  fs.mkdirSync(binDir, { recursive: true });
  const file = path.join(binDir, `docker-credential-${name}`);
  const logFile = path.join(binDir, `docker-credential-${name}.log`);
  const cases = Object.entries(entries)
    .map(
      ([server, c]) =>
        `    ${shq(server)}) printf '%s\\n' ${shq(JSON.stringify({ ServerURL: server, Username: c.Username, Secret: c.Secret }))} ;;`
    )
    .join('\n');
  const list = JSON.stringify(Object.fromEntries(Object.entries(entries).map(([s, c]) => [s, c.Username])));
  const script = `#!/bin/sh
# fake docker credential helper written by the integration tests
server=''
if [ "$1" != list ]; then IFS= read -r server || true; fi
printf '%s %s\\n' "$1" "$server" >> ${shq(logFile)}
case "$1" in
  get)
    case "$server" in
${cases}
    *) echo 'credentials not found in native keychain'; exit 1 ;;
    esac ;;
  list) printf '%s\\n' ${shq(list)} ;;
  store|erase) cat >/dev/null ;;
  *) echo "unknown action: $1" >&2; exit 1 ;;
esac
`;
  fs.writeFileSync(file, script, { mode: 0o755 });
  fs.writeFileSync(logFile, '');
  return {
    path: file,
    logFile,
    calls: () =>
      fs
        .readFileSync(logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const i = l.indexOf(' ');
          return { action: l.slice(0, i), server: l.slice(i + 1) };
        })
  };
}
