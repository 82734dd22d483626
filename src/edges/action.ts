/** The action's edge: inputs in, publish(), outputs and summary out. */
import * as core from '@actions/core';
import { oneLine } from './failure';
import { readInputs } from './action-inputs';
import { parseOptions } from '../model/options';
import { readSettings } from '../model/settings';
import { homedir } from 'node:os';
import { publish } from '../steps/publish';
import { failureSummaryMarkdown, outputsOf, summaryMarkdown } from './report';
import { runnerLogger } from './runner-logger';

const logger = runnerLogger();

/** Exported for @github/local-action, which calls run() itself; src/index.ts is the bundle's entry. */
export async function run(): Promise<void> {
  try {
    const options = parseOptions(readInputs(), readSettings(process.env, homedir()));
    const result = await publish(options, logger);
    for (const [name, value] of Object.entries(outputsOf(result))) core.setOutput(name, value);
    // overwrite: on the runner the file is this step's own; a local run (@github/local-action) reuses one file.
    if (process.env.GITHUB_STEP_SUMMARY)
      await core.summary.addRaw(summaryMarkdown(result, options.annotations.overrides)).write({ overwrite: true });
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
    logger.close();
    core.setFailed(message);
  }
}
