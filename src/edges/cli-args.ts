/**
 * Command-line words → what to run. Pure: argv in, a Command out, or a UsageError (exit 2).
 * Parsed with node:util parseArgs in strict mode; the boolean inputs also take a value
 * (`--push=false`, `--push false`) as the action's inputs do.
 */
import { parseArgs as nodeParseArgs } from 'node:util';
import { type RawInputs } from '../model/options';
import { PLATFORM_FLAGS } from '../model/platform';
import { nearest } from '../util/did-you-mean';
import { fromArgsTags, manifestToolElsewhere, mapManifestToolFlags } from './manifest-tool-flags';

import { UsageError } from './usage-error';

export { USAGE } from './cli-usage';
export { UsageError };

export interface CreateCommand {
  kind: 'create';
  inputs: RawInputs;
  /** --spec FILE (or push from-spec FILE): read by the edge, merged into the inputs. */
  spec?: string;
  /** --sources-from: paths or globs of files of sources, read by the edge. */
  sourcesFrom: string[];
  /** --password-stdin: the edge reads the password for --username from stdin. */
  passwordStdin: boolean;
  /** --registry-auth FILE: read by the edge into the inputs' registryAuth. */
  registryAuthFile?: string;
  json: boolean;
  debug: boolean;
  /** manifest-tool's --ignore-missing: a missing source is skipped with a warning. */
  ignoreMissing?: boolean;
  /** manifest-tool's --docker-cfg DIR: the docker config directory (DOCKER_CONFIG). */
  dockerConfig?: string;
}

export interface InspectCommand {
  kind: 'inspect';
  ref: string;
  verbose: boolean;
  /** --raw: the stored bytes (what the default prints too). */
  raw: boolean;
  insecure: string;
  format: 'json' | 'text';
  debug: boolean;
}

export type Command = { kind: 'help' } | { kind: 'version' } | CreateCommand | InspectCommand;

type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };

/** Inputs that are true/false and may carry their value (`--push=false`, `--push false`). */
const VALUED_BOOLEANS: Record<string, string> = {
  insecure: 'insecure',
  amend: 'amend',
  purge: 'purge',
  push: 'push',
  referrers: 'referrers',
  // docker buildx imagetools create's spelling.
  append: 'amend'
};
const SHORT_BOOLEANS: Record<string, string> = { '-a': 'amend', '-p': 'purge' };
const BOOLEAN_WORDS = ['true', 'True', 'TRUE', 'false', 'False', 'FALSE'];

const CREATE_OPTIONS: Record<string, OptionSpec> = {
  tags: { type: 'string', multiple: true },
  // docker buildx imagetools create's spellings: -t/--tag, --annotation.
  tag: { type: 'string', multiple: true, short: 't' },
  sources: { type: 'string', multiple: true },
  'sources-from': { type: 'string', multiple: true },
  annotations: { type: 'string', multiple: true },
  annotation: { type: 'string', multiple: true },
  platforms: { type: 'string', multiple: true },
  attestations: { type: 'string' },
  format: { type: 'string' },
  spec: { type: 'string' },
  template: { type: 'string', multiple: true },
  target: { type: 'string' },
  username: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  'registry-auth': { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' }
};

/** manifest-tool's own flags: taken by push from-spec and push from-args (see manifest-tool-flags.ts). */
const MANIFEST_TOOL_OPTIONS: Record<string, OptionSpec> = {
  type: { type: 'string' },
  'ignore-missing': { type: 'boolean' },
  'plain-http': { type: 'boolean' },
  'docker-cfg': { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' }
};

const INSPECT_OPTIONS: Record<string, OptionSpec> = {
  verbose: { type: 'boolean', short: 'v' },
  raw: { type: 'boolean' },
  format: { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' }
};

/** Flags that belong on an annotations line, not on the command line. */
const ANNOTATE_FLAGS: string[] = Object.values(PLATFORM_FLAGS);

function unknownFlag(flag: string, known: string[], command: string): UsageError {
  const name = flag.split('=')[0];
  const elsewhere = manifestToolElsewhere(name);
  if (elsewhere) return elsewhere;
  const guess = nearest(name, [...known, ...ANNOTATE_FLAGS]);
  if (guess && ANNOTATE_FLAGS.includes(guess)) {
    return new UsageError(
      `unknown flag ${name}: ${guess} belongs on an annotations line, --annotations "SOURCE ${guess} VALUE"`
    );
  }
  return new UsageError(
    `unknown flag ${name} for ${command}${guess ? `; did you mean ${guess}?` : ''} (manifest-fanin --help lists the flags)`
  );
}

/** Take the boolean inputs out of argv (with their values) before parseArgs sees the rest. */
function takeBooleans(
  argv: string[],
  options: Record<string, OptionSpec>
): { rest: string[]; values: Record<string, string>; after: Map<string, string> } {
  const rest: string[] = [];
  const values: Record<string, string> = {};
  // A word right after a boolean flag that took no value: `--push maybe` meant a value, not a positional.
  const after = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const name = m ? VALUED_BOOLEANS[m[1]] : SHORT_BOOLEANS[arg];
    if (name) {
      let value = m?.[2];
      if (value === undefined && m && BOOLEAN_WORDS.includes(argv[i + 1] ?? '')) value = argv[++i];
      if (value === undefined && m && i + 1 < argv.length && !argv[i + 1].startsWith('-') && !after.has(argv[i + 1]))
        after.set(argv[i + 1], name);
      value ??= 'true';
      if (!BOOLEAN_WORDS.includes(value)) throw new UsageError(`--${name} takes true or false, got "${value}"`);
      values[name] = value;
      continue;
    }
    rest.push(arg);
    // The value of a string flag is never a flag of ours, whatever it looks like.
    if (m && m[2] === undefined && options[m[1]]?.type === 'string' && i + 1 < argv.length) rest.push(argv[++i]);
  }
  return { rest, values, after };
}

function strictParse(args: string[], options: Record<string, OptionSpec>, command: string, extraKnown: string[]) {
  try {
    return nodeParseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (err) {
    const e = err as Error & { code?: string };
    const flag = /'(-{1,2}[^' ]+)/.exec(e.message)?.[1];
    const known = [...Object.keys(options).map((o) => `--${o}`), ...extraKnown];
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) throw unknownFlag(flag, known, command);
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag) {
      const name = flag.split(' ')[0];
      if (options[name.replace(/^-+/, '')]?.type === 'boolean') throw new UsageError(`${name} takes no value`);
      throw new UsageError(`${name} needs a value`);
    }
    throw new UsageError(e.message);
  }
}

/** Values of a repeatable flag, as one newline-separated input. */
const joined = (v: unknown) => ((v as string[] | undefined) ?? []).join('\n');

type CreateMode = 'create' | 'default' | 'from-spec' | 'from-args';
type Flags = Record<string, unknown>;

/** The target, sources and spec file as each form places them (flags, positionals, templates). */
function placeReferences(
  mode: CreateMode,
  o: Flags,
  positionals: string[],
  after: Map<string, string>
): { spec?: string; tags: string[]; sources: string[] } {
  let spec = o.spec as string | undefined;
  let tags = [...((o.tags as string[] | undefined) ?? []), ...((o.tag as string[] | undefined) ?? [])];
  let sources = (o.sources as string[] | undefined) ?? [];
  const templates = (o.template as string[] | undefined) ?? [];
  const target = o.target as string | undefined;
  if (mode === 'from-spec') {
    if (positionals.length !== 1)
      throw new UsageError('push from-spec takes one spec file: manifest-fanin push from-spec FILE');
    spec = positionals[0];
  } else if (mode === 'from-args') {
    if (positionals.length)
      throw new UsageError(`push from-args takes no positional arguments, got "${positionals[0]}"`);
    if (!target) throw new UsageError('push from-args needs --target REF (the list to push)');
    if (!templates.length)
      throw new UsageError('push from-args needs --template SRC (a source with OS, ARCH, VARIANT placeholders)');
    if (!o.platforms) throw new UsageError('push from-args needs --platforms os/arch[,os/arch…] to fill the template');
    tags = fromArgsTags(target, tags);
    sources = [...templates, ...sources];
  } else {
    if (target || templates.length)
      throw new UsageError(
        '--target and --template belong to push from-args: manifest-fanin push from-args --platforms … --template … --target …'
      );
    // Without create, a word right after a bare boolean flag was meant as its value.
    // (A word with a registry or repository path is a reference; a bare word would be Docker Hub's library.)
    const word = positionals[0] ?? '';
    const flag = mode === 'default' && !/[/:@]/.test(word) ? after.get(word) : undefined;
    if (flag)
      throw new UsageError(
        `--${flag} takes true or false, got "${positionals[0]}" (or, for a target and sources: manifest-fanin TARGET SOURCE...)`
      );
    if (positionals.length && o.tag) {
      // buildx imagetools create's form, -t TAG SOURCE...: every reference after the flags is a source.
      sources = [...positionals, ...sources];
    } else if (positionals.length) {
      // docker manifest create's form, TARGET SOURCE...: the first is the target.
      tags = [positionals[0], ...tags];
      sources = [...positionals.slice(1), ...sources];
    }
  }
  return { spec, tags, sources };
}

/** A spec file alone, or a target and sources (given, or in files). */
function checkComplete(spec: string | undefined, tags: string[], sources: string[], sourcesFrom: string[]): void {
  if (spec !== undefined && (tags.length || sources.length || sourcesFrom.length)) {
    throw new UsageError(
      'a spec file names the target and the sources: give --spec FILE without --tags, --sources, --sources-from or positional references'
    );
  }
  if (spec !== undefined) return;
  if (!tags.length)
    throw new UsageError('no target: give manifest-fanin create TARGET SOURCE... or --tags REF --sources REF');
  if (!sources.length && !sourcesFrom.length)
    throw new UsageError(
      'no sources: give the per-platform images after the target, with --sources REF, or files of them with --sources-from PATH'
    );
}

/** The action's inputs from the flags, manifest-tool's mapped ones included. */
function createInputs(
  o: Flags,
  mt: ReturnType<typeof mapManifestToolFlags>,
  placed: { tags: string[]; sources: string[] },
  values: Record<string, string>
): RawInputs {
  if (o['dry-run']) {
    if (values.push && !BOOLEAN_WORDS.slice(3).includes(values.push))
      throw new UsageError('--dry-run and --push=true contradict each other');
    values.push = 'false';
  }
  const inputs: RawInputs = {
    tags: placed.tags.join('\n'),
    sources: placed.sources.join('\n'),
    annotations: [joined(o.annotations), joined(o.annotation)].filter(Boolean).join('\n'),
    ...values
  };
  if (o.platforms) inputs.platforms = joined(o.platforms);
  if (o.attestations !== undefined) inputs.attestations = o.attestations as string;
  if (mt.format !== undefined && o.format !== undefined && mt.format !== o.format)
    throw new UsageError(`--type ${mt.format} and --format ${String(o.format)} contradict each other`);
  if (o.format !== undefined || mt.format !== undefined) inputs.format = (o.format as string) ?? mt.format;
  if (mt.insecure) inputs.insecure = mt.insecure;
  if (o.username !== undefined) inputs.username = o.username as string;
  // manifest-tool's --username U --password P: the credential inputs (the password is registered as a secret).
  if (mt.password !== undefined) inputs.password = mt.password;
  else if (!!o['password-stdin'] !== (o.username !== undefined))
    throw new UsageError(
      o['password-stdin']
        ? '--password-stdin needs --username USER (the password is read from stdin for that user)'
        : '--username needs --password-stdin (the password comes from stdin, never from the command line)'
    );
  return inputs;
}

function parseCreate(argv: string[], mode: CreateMode): Command {
  const pushMode = mode === 'from-spec' || mode === 'from-args';
  const options = pushMode ? { ...CREATE_OPTIONS, ...MANIFEST_TOOL_OPTIONS } : CREATE_OPTIONS;
  const { rest, values, after } = takeBooleans(argv, options);
  const { values: v, positionals } = strictParse(
    rest,
    options,
    pushMode ? `push ${mode}` : 'create',
    Object.keys(VALUED_BOOLEANS).map((b) => `--${b}`)
  );
  if (v.help) return { kind: 'help' };
  if (v.version) return { kind: 'version' };
  const o = v as Flags;
  const mt = mapManifestToolFlags(o);
  const sourcesFrom = (o['sources-from'] as string[] | undefined) ?? [];
  const placed = placeReferences(mode, o, positionals, after);
  checkComplete(placed.spec, placed.tags, placed.sources, sourcesFrom);
  const cmd: CreateCommand = {
    kind: 'create',
    inputs: createInputs(o, mt, placed, values),
    spec: placed.spec,
    sourcesFrom,
    passwordStdin: !!o['password-stdin'],
    registryAuthFile: o['registry-auth'] as string | undefined,
    json: !!o.json,
    debug: !!o.debug
  };
  if (mt.ignoreMissing) cmd.ignoreMissing = true;
  if (mt.dockerConfig !== undefined) cmd.dockerConfig = mt.dockerConfig;
  return cmd;
}

function parseInspect(argv: string[]): Command {
  const { rest, values } = takeBooleans(argv, INSPECT_OPTIONS);
  for (const b of Object.keys(values))
    if (b !== 'insecure') throw new UsageError(`--${b} is a flag of create, not of inspect`);
  const { values: v, positionals } = strictParse(rest, INSPECT_OPTIONS, 'inspect', ['--insecure']);
  if (v.help) return { kind: 'help' };
  if (v.version) return { kind: 'version' };
  if (v.raw && (v.verbose || v.format === 'text'))
    throw new UsageError('--raw prints the stored bytes: give it without -v and --format text');
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length
        ? `inspect takes one reference, got ${positionals.length}: ${positionals.join(' ')}`
        : 'inspect needs a reference: manifest-fanin inspect [-v] REF'
    );
  }
  const format = (v.format as string | undefined) ?? 'json';
  if (format !== 'json' && format !== 'text')
    throw new UsageError(`--format for inspect is json or text, got "${format}"`);
  return {
    kind: 'inspect',
    ref: positionals[0],
    verbose: !!v.verbose,
    raw: !!v.raw,
    insecure: values.insecure ?? 'false',
    format,
    debug: !!v.debug
  };
}

const COMMANDS = ['create', 'inspect', 'push'];

/** manifest-tool's global flags come before the command (`manifest-tool --insecure push …`). */
const GLOBAL_FLAGS = /^--(insecure|debug|plain-http)(=.*)?$/;
/** Its global flags that take a value (`--docker-cfg DIR push …`). */
const GLOBAL_VALUED = /^--(username|password|docker-cfg)(=.*)?$/;

/** Move leading global flags behind the command word, where its parser takes them. */
function commandFirst(argv: string[]): string[] {
  let i = 0;
  for (;;) {
    if (GLOBAL_FLAGS.test(argv[i] ?? '')) i++;
    else if (GLOBAL_VALUED.test(argv[i] ?? '')) i += argv[i].includes('=') ? 1 : 2;
    else break;
  }
  // `--insecure false push …`: a boolean's separate value goes along with it.
  if (i > 0 && i < argv.length && BOOLEAN_WORDS.includes(argv[i]) && COMMANDS.includes(argv[i + 1] ?? '')) i++;
  return i > 0 && COMMANDS.includes(argv[i] ?? '') ? [argv[i], ...argv.slice(i + 1), ...argv.slice(0, i)] : argv;
}

/** argv (without node and the script) → the command to run. */
export function parseCommandLine(argv: string[]): Command {
  const [first, ...rest] = commandFirst(argv);
  if (first === 'create') return parseCreate(rest, 'create');
  if (first === 'inspect') return parseInspect(rest);
  if (first === 'push') {
    const [sub, ...more] = rest;
    if (sub === 'from-spec') return parseCreate(more, 'from-spec');
    if (sub === 'from-args') return parseCreate(more, 'from-args');
    throw new UsageError(
      `push takes from-spec FILE or from-args (manifest-tool's forms), got ${sub ? `"${sub}"` : 'nothing'}`
    );
  }
  if (first === 'help') return { kind: 'help' };
  if (first !== undefined && !first.startsWith('-') && !first.includes('/') && !first.includes(':')) {
    const guess = nearest(first, COMMANDS);
    if (guess) throw new UsageError(`unknown command "${first}"; did you mean ${guess}?`);
  }
  if (argv.length === 0) return { kind: 'help' };
  return parseCreate(argv, 'default');
}
