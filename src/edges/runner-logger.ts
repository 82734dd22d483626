/**
 * The Logger on the runner (@actions/core), shared by the action and the inspect sub-action:
 * ::debug:: lines only with debug logging on, each group's time in them, and nothing after the
 * failure line once close() is called.
 */
import * as core from '@actions/core';
import { type Logger } from '../model/logger';

export interface RunnerLogger extends Logger {
  /** The failure is reported: the error line stays the last line of the step's log. */
  close(): void;
}

export function runnerLogger(): RunnerLogger {
  const debugOn = core.isDebug() || process.env.ACTIONS_STEP_DEBUG === 'true';
  let closed = false;
  const logger: RunnerLogger = {
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
          logger.debug(
            `${name}: ${Math.round(performance.now() - started)} ms (${Math.round(performance.now())} ms since start)`
          );
        }
      }),
    close: () => {
      closed = true;
    }
  };
  return logger;
}
