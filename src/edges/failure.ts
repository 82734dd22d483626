/** One line for the log and the failure annotation: what failed, where, and what to do. */
import { debugTrace, isKnownFailure } from '../model/errors';

export function oneLine(err: unknown): string {
  const e = err instanceof Error ? err : new Error(String(err));
  const known = isKnownFailure(e);
  return (known ? e.message : `unexpected error: ${e.message}`).replace(/\s*\n\s*/g, ' ');
}

/**
 * The failure's stack and its cause chain, line by line, for the debug log only (the failure line
 * stays one line): an internal TypeError is then traceable. Messages never carry credentials.
 */
export function traceLines(err: unknown): string[] {
  return debugTrace(err).split('\n');
}
