import { oneLine } from './failure';
import { Logger } from '../model/logger';
import { parseArgs, USAGE } from './cli-args';
import { parseOptions } from '../model/options';
import { readSettings } from '../model/settings';
import { homedir } from 'node:os';
import { publish } from '../steps/publish';
import { outputsOf } from './report';

/**
 * The command-line edge (GitLab CI, a laptop): flags named like the action's inputs, the same
 * publish(). The digest goes to stdout, everything else to stderr.
 */
function consoleLogger(debug: boolean): Logger {
  const secrets: string[] = [];
  const scrub = (m: string) => secrets.reduce((s, x) => s.split(x).join('***'), m);
  return {
    info: (m) => process.stderr.write(`${scrub(m)}\n`),
    warning: (m) => process.stderr.write(`warning: ${scrub(m)}\n`),
    debug: (m) => debug && process.stderr.write(`debug: ${scrub(m)}\n`),
    secret: (s) => s && secrets.push(s),
    group: async (name, fn) => {
      process.stderr.write(`== ${name}\n`);
      return fn();
    }
  };
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  try {
    const result = await publish(parseOptions(args.inputs, readSettings(process.env, homedir())), consoleLogger(args.debug));
    process.stdout.write(args.json ? `${JSON.stringify(outputsOf(result), null, 2)}\n` : `${result.digest}\n`);
  } catch (err) {
    process.stderr.write(`error: ${oneLine(err)}\n`);
    process.exitCode = 1;
  }
}

void main();
