/** The action's edge: inputs in, publish(), outputs and summary out. */
import * as core from '@actions/core';
import { oneLine } from './failure';
import { readInputs } from './action-inputs';
import { type Logger } from '../model/logger';
import { parseOptions } from '../model/options';
import { readSettings } from '../model/settings';
import { homedir } from 'node:os';
import { publish } from '../steps/publish';
import { failureSummaryMarkdown, outputsOf, summaryMarkdown } from './report';

const debugOn = core.isDebug() || process.env.ACTIONS_STEP_DEBUG === 'true';
/** Set once the failure is reported: the error line stays the last line of the step's log. */
let closed = false;
const logger: Logger = {
  info: (m) => !closed && core.info(m),
  warning: (m) => !closed && core.warning(m),
  // The runner drops ::debug:: lines unless debug logging is on; skipping them saves a write per request.
  debug: (m) => debugOn && !closed && core.debug(m),
  secret: (s) => core.setSecret(s),
  group: (name, fn) =>
    core.group(name, async () => {
      const started = performance.now();
      try {
        return await fn();
      } finally {
        logger.debug(`${name}: ${Math.round(performance.now() - started)} ms (${Math.round(performance.now())} ms since start)`);
      }
    })
};

/** Exported for @github/local-action, which calls run() itself; src/index.ts is the bundle's entry. */
export async function run(): Promise<void> {
  try {
    const options = parseOptions(readInputs(), readSettings(process.env, homedir()));
    const result = await publish(options, logger);
    for (const [name, value] of Object.entries(outputsOf(result))) core.setOutput(name, value);
    // overwrite: on the runner the file is this step's own; a local run (@github/local-action) reuses one file.
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summaryMarkdown(result, options.annotations.overrides)).write({ overwrite: true });
    core.info(`digest: ${result.digest}`);
  } catch (err) {
    const message = oneLine(err);
    // The summary says what failed even when nobody opens the log; written before the error line, which stays the last.
    if (process.env.GITHUB_STEP_SUMMARY) {
      await core.summary
        .addRaw(failureSummaryMarkdown(message, (err as { tagsWritten?: string[] }).tagsWritten))
        .write({ overwrite: true })
        .catch(() => undefined);
    }
    closed = true;
    core.setFailed(message);
  }
}
