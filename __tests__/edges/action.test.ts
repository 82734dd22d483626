/**
 * The action's edge with the toolkit mocked (as actions/typescript-action tests main.ts): inputs
 * are read through core.getInput, publish() gets the parsed options, every output is set, and a
 * failure is one setFailed line with nothing logged after it.
 */
import * as core from '@actions/core';
import { InputError } from '../../src/model/errors';
import type { Options } from '../../src/model/options';
import type { Result } from '../../src/model/result';
import { publish } from '../../src/steps/publish';
import { run } from '../../src/edges/action';

jest.mock(
  '@actions/core',
  () => ({
    getInput: jest.fn(),
    setOutput: jest.fn(),
    setFailed: jest.fn(),
    setSecret: jest.fn(),
    info: jest.fn(),
    warning: jest.fn(),
    debug: jest.fn(),
    isDebug: jest.fn(() => false),
    group: jest.fn((_name: string, fn: () => Promise<unknown>) => fn()),
    summary: { addRaw: jest.fn().mockReturnThis(), write: jest.fn().mockResolvedValue(undefined) }
  }),
  { virtual: true }
); // @actions/core 3 is ESM-only: ts-jest's CommonJS cannot resolve it, so it is mocked by name
jest.mock('../../src/steps/publish', () => ({ publish: jest.fn() }));

const mocked = core as jest.Mocked<typeof core>;
const publishMock = publish as jest.MockedFunction<typeof publish>;

function inputs(values: Record<string, string>): void {
  mocked.getInput.mockImplementation((name: string) => values[name] ?? '');
}

const RESULT: Result = {
  digest: 'sha256:' + 'a'.repeat(64),
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifest: '{"schemaVersion":2}',
  ref: 'ghcr.io/o/app@sha256:' + 'a'.repeat(64),
  platforms: ['linux/amd64', 'linux/arm64'],
  refs: ['ghcr.io/o/app@sha256:' + 'a'.repeat(64)],
  size: 19,
  listEntries: [],
  tags: ['ghcr.io/o/app:1'],
  entries: [],
  pushed: true,
  requests: 3,
  warnings: []
};

describe('run()', () => {
  const savedSummary = process.env.GITHUB_STEP_SUMMARY;
  beforeEach(() => {
    jest.clearAllMocks();
    delete process.env.GITHUB_STEP_SUMMARY;
  });
  afterAll(() => {
    if (savedSummary === undefined) delete process.env.GITHUB_STEP_SUMMARY;
    else process.env.GITHUB_STEP_SUMMARY = savedSummary;
  });

  test('parses the inputs, calls publish once and sets every output', async () => {
    inputs({ tags: 'ghcr.io/o/app:1', sources: 'ghcr.io/o/app:amd64\nghcr.io/o/app:arm64', push: 'true' });
    publishMock.mockResolvedValue(RESULT);
    await run();
    expect(publishMock).toHaveBeenCalledTimes(1);
    const options = publishMock.mock.calls[0][0] as Options;
    expect(options.tags.map((t) => `${t.registry}/${t.repository}:${t.tag}`)).toEqual(['ghcr.io/o/app:1']);
    expect(options.sources.map((s) => s.tag)).toEqual(['amd64', 'arm64']);
    const set = Object.fromEntries(mocked.setOutput.mock.calls.map(([k, v]) => [k, v]));
    expect(set).toEqual({
      digest: RESULT.digest,
      ref: RESULT.ref,
      'media-type': RESULT.mediaType,
      manifest: RESULT.manifest,
      platforms: 'linux/amd64,linux/arm64',
      refs: RESULT.ref,
      metadata: JSON.stringify({
        digest: RESULT.digest,
        mediaType: RESULT.mediaType,
        size: 19,
        tags: RESULT.tags,
        refs: RESULT.refs,
        entries: []
      })
    });
    expect(mocked.setFailed).not.toHaveBeenCalled();
    expect(mocked.summary.write).not.toHaveBeenCalled();
  });

  test('writes the job summary when the runner provides the file', async () => {
    process.env.GITHUB_STEP_SUMMARY = '/dev/null';
    inputs({ tags: 'ghcr.io/o/app:1', sources: 'ghcr.io/o/app:amd64' });
    publishMock.mockResolvedValue(RESULT);
    await run();
    expect(mocked.summary.addRaw).toHaveBeenCalledWith(expect.stringContaining(RESULT.digest));
    expect(mocked.summary.write).toHaveBeenCalled();
  });

  test('summary: false writes no job summary, after a success or a failure', async () => {
    process.env.GITHUB_STEP_SUMMARY = '/dev/null';
    inputs({ tags: 'ghcr.io/o/app:1', sources: 'ghcr.io/o/app:amd64', summary: 'false' });
    publishMock.mockResolvedValue(RESULT);
    await run();
    expect(mocked.setFailed).not.toHaveBeenCalled();
    publishMock.mockRejectedValue(new InputError('no'));
    await run();
    expect(mocked.setFailed).toHaveBeenCalledTimes(1);
    expect(mocked.summary.write).not.toHaveBeenCalled();
  });

  test('an input error fails the step in one line, before any registry work', async () => {
    inputs({ tags: '', sources: 'ghcr.io/o/app:amd64' });
    await run();
    expect(publishMock).not.toHaveBeenCalled();
    expect(mocked.setFailed).toHaveBeenCalledTimes(1);
    const line = mocked.setFailed.mock.calls[0][0] as string;
    expect(line).toMatch(/^input "tags" is empty/);
    expect(line).not.toContain('\n');
    expect(mocked.setOutput).not.toHaveBeenCalled();
  });

  test('a failure inside publish is one line, and nothing is logged after it', async () => {
    inputs({ tags: 'ghcr.io/o/app:1', sources: 'ghcr.io/o/app:amd64' });
    publishMock.mockRejectedValue(new InputError('source ghcr.io/o/app:amd64: no platform\nin its config'));
    await run();
    expect(mocked.setFailed).toHaveBeenCalledWith('source ghcr.io/o/app:amd64: no platform in its config');
    const failedAt = mocked.setFailed.mock.invocationCallOrder[0];
    for (const fn of [mocked.info, mocked.warning, mocked.setOutput]) {
      for (const order of fn.mock.invocationCallOrder) expect(order).toBeLessThan(failedAt);
    }
  });
});
