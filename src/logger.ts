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
}

/** A logger that says nothing (tests of pure code, dry helpers). */
export const silentLogger: Logger = {
  info: () => {},
  warning: () => {},
  debug: () => {},
  secret: () => {},
  group: (_name, fn) => fn()
};
