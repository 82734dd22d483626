/**
 * SIGINT and SIGTERM (how GitHub cancels a job, and Ctrl-C): one line saying what the run was
 * doing and what it tagged, then a non-zero exit. The logger wrapper keeps track of both.
 */
import { type Activity, EXIT_ON_SIGNAL, interruptedLine } from '../model/interrupt';
import { type Logger } from '../model/logger';

/** `log`, noting each phase it enters and each tag that holds the list into `activity`. */
export function tracking(log: Logger, activity: Activity): Logger {
  return {
    ...log,
    group: (name, fn) => {
      activity.phase = name;
      return log.group(name, fn);
    },
    tagged: (ref) => {
      activity.tagged.push(ref);
      log.tagged?.(ref);
    }
  };
}

/** On SIGINT or SIGTERM: `report` the line, then exit (130 or 143). */
export function exitOnInterrupt(activity: Activity, report: (line: string) => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      report(interruptedLine(signal, activity));
      process.exit(EXIT_ON_SIGNAL[signal]);
    });
  }
}
