/**
 * How to start `docker-credential-<name>`: pure, so the Windows rules are tested on any OS.
 * On Windows a helper may be an `.exe`, or a `.cmd`/`.bat` script (gcloud's is
 * `docker-credential-gcloud.cmd`), which only `cmd.exe` can run: it is found on PATH with PATHEXT
 * as cmd.exe finds it, and started as `cmd.exe /d /s /c ""PATH" get"` with the path quoted and
 * refused where cmd.exe could read into it (`"`, `%`, a control character). Nothing of the input
 * is ever put in a shell string unquoted: the helper's name is checked, its argument is fixed,
 * and the server URL goes to its stdin.
 */
import path from 'node:path';
import { InputError } from '../../model/errors';

export interface HelperCommand {
  file: string;
  args: string[];
  /** Node must pass the arguments as written: cmd.exe's /s /c quoting is done here. */
  windowsVerbatimArguments?: boolean;
}

export interface HelperEnvironment {
  platform: NodeJS.Platform;
  /** PATH (Path on Windows: the caller reads it case-insensitively). */
  pathVar?: string;
  pathExt?: string;
  /** cmd.exe, from COMSPEC on Windows. */
  comSpec?: string;
  /** Whether a file exists (injected: the builder stays pure). */
  isFile: (p: string) => boolean;
}

/** docker's helper names: gcloud, ecr-login, desktop.exe's `desktop`, wincred, osxkeychain, pass… */
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Windows' executable extensions, in PATHEXT's order; only the ones that can be started without a shell or through cmd.exe. */
function extensions(pathExt: string | undefined): string[] {
  const all = (pathExt || '.COM;.EXE;.BAT;.CMD').split(';').map((e) => e.trim().toLowerCase());
  return all.filter((e) => ['.com', '.exe', '.bat', '.cmd'].includes(e));
}

/** The helper's file on Windows' PATH, or undefined when none is there. */
export function findOnWindowsPath(bin: string, env: HelperEnvironment): string | undefined {
  const dirs = (env.pathVar ?? '').split(';').filter(Boolean);
  for (const dir of dirs) {
    for (const ext of extensions(env.pathExt)) {
      const candidate = path.win32.join(dir.replace(/^"(.*)"$/, '$1'), bin + ext);
      if (env.isFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Characters cmd.exe interprets even inside double quotes, or that would end them. */
// eslint-disable-next-line no-control-regex
const CMD_UNSAFE = /["%\u0000-\u001f]/;

/**
 * The command that runs `docker-credential-<name> <action>`; undefined when it is not on PATH
 * (Windows; elsewhere the OS finds it, and a missing one fails with ENOENT).
 */
export function helperCommand(name: string, action: 'get', env: HelperEnvironment): HelperCommand | undefined {
  if (!HELPER_NAME.test(name))
    throw new InputError(
      `credential helper name "${name}" is not a helper name (letters, digits, ".", "_", "-"); fix credHelpers or credsStore`
    );
  const bin = `docker-credential-${name}`;
  if (env.platform !== 'win32') return { file: bin, args: [action] };
  const found = findOnWindowsPath(bin, env);
  if (!found) return undefined;
  if (!/\.(cmd|bat)$/i.test(found)) return { file: found, args: [action] };
  if (CMD_UNSAFE.test(found))
    throw new InputError(
      `credential helper ${found} cannot be run safely through cmd.exe (its path holds " or %): move it to a directory without them`
    );
  // /d: no AutoRun commands; /s /c "…": cmd.exe strips exactly the outer quotes and runs the rest.
  return {
    file: env.comSpec || 'cmd.exe',
    args: ['/d', '/s', '/c', `""${found}" ${action}"`],
    windowsVerbatimArguments: true
  };
}
