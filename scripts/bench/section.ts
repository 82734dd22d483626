/** What a section of the bench is to ./index.ts: a plan, a run, and its part of the report. */
import type { Args } from './args';

export interface SectionPlan {
  /** false: skipped (the section has logged why, if it was asked for) */
  runs: boolean;
  /** it starts buildah or skopeo, which share containers/image's blob-info cache (see ./blob-cache.ts) */
  usesBlobInfoCache: boolean;
}

export interface SectionReport {
  /** peer tool versions for the report's first line, e.g. "skopeo 1.13.3" */
  versions: string[];
  /** its paragraphs and tables, each followed by an empty line */
  lines: string[];
  /** lines of the goals list (format.ts's `goal`) */
  goals: string[];
  /** notes printed after the goals */
  notes: string[];
  /** appended to the "machine was busy" note: what else that noise affects */
  busyCaveat?: string;
}

export interface BenchSection {
  /** Which tools are there and whether it runs; called for every section before any runs. */
  plan(args: Args): SectionPlan;
  /** Measure (only when plan said it runs). */
  run(args: Args): Promise<void>;
  /** Its part of the report, after every section ran. */
  report(args: Args): SectionReport;
}
