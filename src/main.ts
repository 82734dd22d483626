import * as core from '@actions/core';
import { oneLine } from './failure';
import { readInputs } from './input-helper';
import { Logger } from './logger';
import { parseOptions } from './options';
import { publish } from './publish';
import { outputsOf, summaryMarkdown } from './report';

/** The action's edge: inputs in, publish(), outputs and summary out. */
const logger: Logger = {
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  debug: (m) => core.debug(m),
  secret: (s) => core.setSecret(s),
  group: (name, fn) => core.group(name, fn)
};

/** Exported for @github/local-action, which calls run() itself; src/index.ts is the bundle's entry. */
export async function run(): Promise<void> {
  try {
    const options = parseOptions(readInputs());
    const result = await publish(options, logger);
    for (const [name, value] of Object.entries(outputsOf(result))) core.setOutput(name, value);
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summaryMarkdown(result)).write();
    core.info(`digest: ${result.digest}`);
  } catch (err) {
    core.setFailed(oneLine(err));
  }
}

