/** The action's edge: inputs in, publish(), outputs and summary out. */
import * as core from '@actions/core';
import { oneLine, traceLines } from './failure';
import { readInputs } from './action-inputs';
import { parseBoolean, parseOptions } from '../model/options';
import { readSettings } from '../model/settings';
import { homedir } from 'node:os';
import { publish } from '../steps/publish';
import { capOutputs, summaryWithin } from './limits';
import { failureSummaryMarkdown, outputsOf } from './report';
import { runnerLogger } from './runner-logger';
import { exitOnInterrupt, tracking } from './interrupt';
import { type Activity } from '../model/interrupt';

const logger = runnerLogger();

/** On a failure: `summary: false` writes none (an invalid value, an input error itself, still gets one). */
function failureSummaryWanted(): boolean {
  if (!process.env.GITHUB_STEP_SUMMARY) return false;
  try {
    return parseBoolean('summary', core.getInput('summary'), true);
  } catch {
    return true;
  }
}

/** Exported for @github/local-action, which calls run() itself; src/index.ts is the bundle's entry. */
export async function run(): Promise<void> {
  // A cancelled job (SIGINT, then SIGTERM) says what it was doing and what it tagged.
  const activity: Activity = { phase: 'reading the inputs', tagged: [] };
  exitOnInterrupt(activity, (line) => {
    logger.close();
    core.setFailed(line);
  });
  try {
    const options = parseOptions(await readInputs(), readSettings(process.env, homedir()));
    activity.phase = 'contacting the registries';
    if (!options.push) activity.readOnly = 'a dry run';
    const result = await publish(options, tracking(logger, activity));
    // GitHub's limits: an output or a summary that would pass them is shortened, with a warning.
    const { outputs, warnings } = capOutputs(outputsOf(result), result.ref);
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
    warnings.forEach((w) => logger.warning(w));
    if (options.summary && process.env.GITHUB_STEP_SUMMARY) {
      const { markdown, warning } = summaryWithin(result, options.annotations.overrides);
      if (warning) logger.warning(warning);
      // overwrite: on the runner the file is this step's own; a local run (@github/local-action) reuses one file.
      await core.summary.addRaw(markdown).write({ overwrite: true });
    }
    core.info(`digest: ${result.digest}`);
  } catch (err) {
    const message = oneLine(err);
    // The summary says what failed even when nobody opens the log; written before the error line, which stays the last.
    if (failureSummaryWanted()) {
      await core.summary
        .addRaw(failureSummaryMarkdown(message, (err as { tagsWritten?: string[] }).tagsWritten))
        .write({ overwrite: true })
        .catch(() => undefined);
    }
    traceLines(err).forEach((l) => logger.debug(l));
    logger.close();
    core.setFailed(message);
  }
}
