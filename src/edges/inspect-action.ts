/**
 * The inspect sub-action's edge (inspect/action.yml): read one reference, check it against
 * expect-digest and platforms, set the outputs and a job summary. Reads only: pull rights.
 */
import * as core from '@actions/core';
import { homedir } from 'node:os';
import { oneLine, traceLines } from './failure';
import { OUTPUT_LIMIT, capOutputs, cliHint, inspectSummaryWithin } from './limits';
import { inspectFailureMarkdown } from './report';
import { runnerLogger } from './runner-logger';
import { digestProblem, matchesDigest } from '../model/digest';
import { IntegrityError, InputError } from '../model/errors';
import { type Inspected, platformsOf } from '../model/inspect-view';
import { parseBoolean, splitList } from '../model/options';
import { formatPlatform, parsePlatform, platformKey } from '../model/platform';
import { formatReference, parseReference } from '../model/reference';
import { readSettings } from '../model/settings';
import { inspect } from '../steps/inspect';

const logger = runnerLogger();

export interface InspectInputs {
  ref: string;
  insecure: boolean;
  expectDigest?: string;
  /** As given, normalized: os/arch[/variant]. */
  platforms: string[];
}

/** The sub-action's inputs, checked before any request. */
export function parseInspectInputs(get: (name: string) => string): InspectInputs {
  const ref = get('ref').trim();
  if (!ref) throw new InputError('input "ref" is empty: give the tag or digest to check, e.g. ghcr.io/owner/app:1.0');
  try {
    parseReference(ref);
  } catch (err) {
    throw new InputError(`input "ref": ${(err as Error).message}`);
  }
  const expectDigest = get('expect-digest').trim() || undefined;
  const problem = expectDigest && digestProblem(expectDigest);
  if (problem) throw new InputError(`input "expect-digest": ${problem}`);
  const platforms = splitList(get('platforms')).map((p) => {
    try {
      return parsePlatform(p);
    } catch (err) {
      throw new InputError(`input "platforms": ${(err as Error).message}`);
    }
  });
  return {
    ref,
    insecure: parseBoolean('insecure', get('insecure'), false),
    expectDigest,
    platforms: platforms.map(formatPlatform)
  };
}

/** What differs from what was expected, each naming both sides. Pure. */
export function checkInspected(i: Inspected, inputs: InspectInputs): string[] {
  const problems: string[] = [];
  // The stored bytes are checked with the expected digest's own algorithm (a sha512 is the same content).
  if (inputs.expectDigest && !matchesDigest(i.bytes, inputs.expectDigest)) {
    problems.push(`${i.name} resolves to ${i.digest}, but expect-digest is ${inputs.expectDigest}`);
  }
  if (inputs.platforms.length) {
    const held = platformsOf(i);
    const key = (p: string) => platformKey(parsePlatform(p));
    const heldKeys = new Set(held.map(key));
    const wantKeys = new Set(inputs.platforms.map(key));
    const missing = inputs.platforms.filter((p) => !heldKeys.has(key(p)));
    const extra = held.filter((p) => !wantKeys.has(key(p)));
    if (missing.length || extra.length) {
      const parts = [
        missing.length ? `missing ${missing.join(', ')}` : '',
        extra.length ? `extra ${extra.join(', ')}` : ''
      ].filter(Boolean);
      problems.push(
        `${i.name} holds ${held.join(', ') || 'no platform'}, but platforms is ${inputs.platforms.join(', ')}: ${parts.join('; ')}`
      );
    }
  }
  return problems;
}

export async function runInspect(): Promise<void> {
  let written = false;
  try {
    const inputs = parseInspectInputs((n) => core.getInput(n));
    const ref = parseReference(inputs.ref);
    const got = await inspect(
      { ref, insecure: inputs.insecure, children: false, settings: readSettings(process.env, homedir()) },
      logger
    );
    const problems = checkInspected(got, inputs);
    // GitHub's limits (1 MB per output, 1 MiB per summary): a list too large is left out, with a warning.
    const { outputs, warnings } = capOutputs(
      {
        digest: got.digest,
        'media-type': got.mediaType,
        manifest: got.bytes.toString('utf8'),
        platforms: platformsOf(got).join(',')
      },
      `${got.repo}@${got.digest}`,
      OUTPUT_LIMIT,
      cliHint
    );
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
    warnings.forEach((w) => logger.warning(w));
    if (process.env.GITHUB_STEP_SUMMARY) {
      const { markdown, warning } = inspectSummaryWithin(got, problems);
      if (warning) logger.warning(warning);
      await core.summary.addRaw(markdown).write({ overwrite: true });
      written = true;
    }
    core.info(
      `${formatReference(ref)}: ${got.digest} (${got.mediaType}), platforms ${platformsOf(got).join(', ') || 'none'}`
    );
    if (problems.length) throw new IntegrityError(problems.join('; '));
  } catch (err) {
    const message = oneLine(err);
    // A check that could not read the reference says so in the summary too (a mismatch wrote its own above).
    if (process.env.GITHUB_STEP_SUMMARY && !(err instanceof IntegrityError && written)) {
      await core.summary
        .addRaw(inspectFailureMarkdown(core.getInput('ref') || '(no ref)', message))
        .write({ overwrite: true })
        .catch(() => undefined);
    }
    traceLines(err).forEach((l) => logger.debug(l));
    logger.close();
    core.setFailed(message);
  }
}
