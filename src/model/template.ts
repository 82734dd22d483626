/**
 * Source templates, as manifest-tool's `from-args`: with `platforms` given, a source that holds
 * the placeholders OS, ARCH or VARIANT stands for one source per platform. Pure.
 *
 * The rule, precisely: a placeholder is a maximal run of uppercase ASCII letters (A–Z, bounded by
 * anything else or the ends) that is made only of the words OS, ARCH and VARIANT, so `1-ARCH`,
 * `ARCHVARIANT` and `OS_ARCH` hold placeholders while `MYARCH`, `ARCHIVE` and `POS` do not (they
 * stay as written). Repository names are lowercase, so only tags (and hosts) can hold such runs.
 */
import { type Platform } from './platform';

/** Where a templated source came from: the template as written and the platform it stands for. */
export interface TemplateOrigin {
  template: string;
  platform: Platform;
}

const RUN = /[A-Z]+/g;
const WHOLE = /^(?:OS|ARCH|VARIANT)+$/;
const WORD = /OS|ARCH|VARIANT/g;

/** Whether `source` holds a placeholder. */
export function isTemplate(source: string): boolean {
  return (source.match(RUN) ?? []).some((run) => WHOLE.test(run));
}

/** The placeholders in `source`, in order of appearance (for messages). */
export function placeholdersOf(source: string): string[] {
  return (source.match(RUN) ?? []).filter((run) => WHOLE.test(run)).flatMap((run) => run.match(WORD) ?? []);
}

/** `source` for one platform: OS, ARCH and VARIANT replaced; VARIANT is dropped where there is none. */
export function expandTemplate(source: string, p: Platform): string {
  const value: Record<string, string> = { OS: p.os, ARCH: p.architecture, VARIANT: p.variant ?? '' };
  return source.replace(RUN, (run) => (WHOLE.test(run) ? run.replace(WORD, (w) => value[w]) : run));
}
