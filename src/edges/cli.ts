/**
 * The command-line edge (GitLab CI, a laptop): flags named like the action's inputs, the same
 * publish() and the same inspect(). Results go to stdout, everything else to stderr. Exit 0 done,
 * 1 failed, 2 usage error (the command line, a spec file or an input value is wrong: nothing was
 * sent to any registry).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { oneLine, traceLines } from './failure';
import { type Command, type CreateCommand, type InspectCommand, USAGE, UsageError, parseCommandLine } from './cli-args';
import { InputError } from '../model/errors';
import { inspectText, inspectVerbose } from '../model/inspect-view';
import { type Logger } from '../model/logger';
import { type Options, type RawInputs, parseBoolean, parseOptions } from '../model/options';
import { parseReference } from '../model/reference';
import { type Settings, readSettings } from '../model/settings';
import { parseSpec } from '../model/spec-file';
import { inspect } from '../steps/inspect';
import { publish } from '../steps/publish';
import { outputsOf } from './report';
import { readSourceFiles } from './sources-from';
import { exitOnInterrupt, tracking } from './interrupt';
import { type Activity } from '../model/interrupt';
import { version } from '../../package.json';

/** Set once the error line is written: it stays the last line, whatever work is still winding down. */
let closed = false;

/** Secrets the run registered (tokens), scrubbed from every line, the debug trace included. */
const secrets: string[] = [];
const scrub = (m: string) => secrets.reduce((s, x) => s.split(x).join('***'), m);

function consoleLogger(debug: boolean): Logger {
  const write = (m: string) => !closed && process.stderr.write(`${scrub(m)}\n`);
  return {
    info: (m) => write(m),
    warning: (m) => write(`warning: ${m}`),
    debug: (m) => debug && write(`debug: ${m}`),
    secret: (s) => s && secrets.push(s),
    group: async (name, fn) => {
      process.stderr.write(`== ${name}\n`);
      return fn();
    }
  };
}

/** An input error worded for the command line: `input "format"` is the flag --format here. */
function asUsage(err: unknown): UsageError {
  const m = err instanceof Error ? err.message : String(err);
  return new UsageError(m.replace(/\binput "([a-z-]+)"/g, '--$1'));
}

/** What the run is doing, for the line an interrupt prints. */
const activity: Activity = { phase: 'reading the command line', tagged: [] };

function settingsFor(dockerConfig?: string): Settings {
  const settings: Settings = { ...readSettings(process.env, homedir()), edge: 'cli' };
  return dockerConfig === undefined ? settings : { ...settings, dockerConfig };
}

/** --spec FILE: the file's target, tags, sources and platform fields, as the inputs. */
function withSpec(cmd: CreateCommand): RawInputs {
  if (cmd.spec === undefined) return cmd.inputs;
  let text: string;
  try {
    text = readFileSync(cmd.spec, 'utf8');
  } catch (err) {
    throw new UsageError(
      `cannot read spec file ${cmd.spec}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`
    );
  }
  const spec = parseSpec(text, cmd.spec);
  const annotations = [...spec.annotations, cmd.inputs.annotations ?? ''].filter(Boolean).join('\n');
  return { ...cmd.inputs, tags: spec.tags.join('\n'), sources: spec.sources.join('\n'), annotations };
}

/** A file the command line names, or a usage error naming the flag. */
function readNamedFile(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`cannot read ${flag} file ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
}

/** --password-stdin and --registry-auth FILE: secrets that never appear on the command line. */
function withCredentials(cmd: CreateCommand, inputs: RawInputs): RawInputs {
  const out = { ...inputs };
  // As docker login: the password is stdin without its line ending.
  if (cmd.passwordStdin) out.password = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  if (cmd.registryAuthFile !== undefined) out.registryAuth = readNamedFile('--registry-auth', cmd.registryAuthFile);
  return out;
}

async function create(cmd: CreateCommand): Promise<void> {
  let options: Options;
  try {
    const sourceFiles = await readSourceFiles(cmd.sourcesFrom.join('\n'), process.cwd());
    // purge on GitHub Packages: the token from the environment, never from argv (ps would show it).
    const inputs = withCredentials(cmd, withSpec(cmd));
    options = parseOptions(
      { ...inputs, sourceFiles, githubToken: process.env.GITHUB_TOKEN },
      settingsFor(cmd.dockerConfig)
    );
  } catch (err) {
    throw err instanceof InputError ? asUsage(err) : err;
  }
  if (cmd.ignoreMissing) options.ignoreMissing = true;
  activity.phase = 'contacting the registries';
  if (!options.push) activity.readOnly = 'a dry run';
  const result = await publish(options, tracking(consoleLogger(cmd.debug), activity));
  process.stdout.write(cmd.json ? `${JSON.stringify(outputsOf(result), null, 2)}\n` : `${result.digest}\n`);
}

async function inspectCommand(cmd: InspectCommand): Promise<void> {
  let ref;
  let insecure: boolean;
  try {
    ref = parseReference(cmd.ref);
    insecure = parseBoolean('insecure', cmd.insecure, false);
  } catch (err) {
    throw asUsage(err);
  }
  activity.phase = `inspect ${cmd.ref}`;
  activity.readOnly = 'inspect reads only';
  const got = await inspect(
    { ref, insecure, children: cmd.verbose || cmd.format === 'text', settings: settingsFor() },
    consoleLogger(cmd.debug)
  );
  if (cmd.format === 'text' || cmd.verbose) {
    process.stdout.write(cmd.format === 'text' ? inspectText(got) : inspectVerbose(got));
    return;
  }
  // The stored bytes exactly, so that `inspect REF | sha256sum` is the digest; a newline only for a person's terminal.
  process.stdout.write(got.bytes);
  if (process.stdout.isTTY && got.bytes[got.bytes.length - 1] !== 0x0a) process.stdout.write('\n');
}

async function main(): Promise<void> {
  let cmd: Command;
  exitOnInterrupt(activity, (line) => {
    closed = true;
    process.stderr.write(`error: ${line}\n`);
  });
  try {
    cmd = parseCommandLine(process.argv.slice(2));
    if (cmd.kind === 'help' || cmd.kind === 'version') {
      process.stdout.write(`${cmd.kind === 'help' ? USAGE : version}\n`);
      return;
    }
    await (cmd.kind === 'inspect' ? inspectCommand(cmd) : create(cmd));
  } catch (err) {
    // --debug: the stack and its causes, before the error line (which stays the last).
    if (cmd! && 'debug' in cmd && cmd.debug) traceLines(err).forEach((l) => consoleLogger(true).debug(l));
    closed = true;
    process.stderr.write(`error: ${scrub(oneLine(err))}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  }
}

void main();
