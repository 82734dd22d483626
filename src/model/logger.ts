/**
 * What the core needs from its edge to talk to the user. The action implements it with
 * @actions/core, the CLI with the console; the core never imports either.
 */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  /** Register a value that must never appear in logs. */
  secret(value: string): void;
  /** Run one phase under a collapsible group. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** A tag now holds the list (written, or found up to date): an interrupted run names it. */
  tagged?(ref: string): void;
}
