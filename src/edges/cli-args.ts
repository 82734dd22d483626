import { RawInputs } from '../model/options';

/** Command-line flags → the action's raw inputs. Pure. */
export const USAGE = `usage: manifest-fanin --tags REF[,REF…] --sources REF[,REF…] [options]

  --tags REF          target registry/repository:tag (repeat or comma-separate)
  --sources REF       source image by tag or digest (repeat or comma-separate)
  --annotations LINE  an annotations line (repeat for several)
  --format F          auto | docker | oci (default auto)
  --insecure          allow plain HTTP and unverified TLS
  --amend             start from the list the first tag holds
  --purge             remove the source tags afterwards
  --push=false        dry run (also --dry-run)
  --json              print all outputs as JSON instead of the digest
  --debug             log every request
Credentials come from $DOCKER_CONFIG/config.json or ~/.docker/config.json (docker login).`;

export function parseArgs(argv: string[]): { inputs: RawInputs; json: boolean; debug: boolean; help: boolean } {
  const lists: Record<string, string[]> = { tags: [], sources: [], annotations: [] };
  const flags: Record<string, string> = {};
  let json = false;
  let debug = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`unexpected argument "${arg}"\n${USAGE}`);
    const [, name, inline] = m;
    if (name === 'help') help = true;
    else if (name === 'json') json = true;
    else if (name === 'debug') debug = true;
    else if (name === 'dry-run') flags.push = 'false';
    else if (name in lists) {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`--${name} needs a value`);
      lists[name].push(v);
    } else if (['insecure', 'purge', 'amend', 'push'].includes(name)) {
      flags[name] = inline ?? 'true';
    } else if (name === 'format') {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error('--format needs a value');
      flags.format = v;
    } else throw new Error(`unknown flag --${name}\n${USAGE}`);
  }
  return {
    inputs: { tags: lists.tags.join('\n'), sources: lists.sources.join('\n'), annotations: lists.annotations.join('\n'), ...flags },
    json,
    debug,
    help
  };
}

