/**
 * What a run says when it is interrupted (SIGINT, SIGTERM: how GitHub cancels a job): one line
 * with what it was doing and what was tagged. Pure: the edge tracks the activity and prints.
 */

/** What a run is doing, as its edge sees it through the logger. */
export interface Activity {
  /** The phase under way (the name of the logger's current group), or what runs before the first. */
  phase: string;
  /** Tags that hold the new list (written, or found up to date). */
  tagged: string[];
  /** Why this run writes nothing at all ("a dry run", "inspect reads only"), if it does not. */
  readOnly?: string;
}

export const EXIT_ON_SIGNAL: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

export function interruptedLine(signal: string, a: Activity): string {
  const head = `interrupted by ${signal} during "${a.phase}"`;
  if (a.readOnly) return `${head}: ${a.readOnly}, nothing was written`;
  if (!a.tagged.length) return `${head}: nothing was tagged (blobs and manifests copied so far stay untagged)`;
  return `${head}: already tagged with the new list: ${a.tagged.join(', ')}; no other tag was confirmed`;
}
