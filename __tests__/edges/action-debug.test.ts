/**
 * With debug logging on (RUNNER_DEBUG / ACTIONS_STEP_DEBUG), a failure's stack and its cause chain
 * reach the debug log, so an internal TypeError is traceable; the failure line stays one line.
 */
import * as core from '@actions/core';
import { withContext } from '../../src/model/errors';
import { publish } from '../../src/steps/publish';
import { run } from '../../src/edges/action';

jest.mock(
  '@actions/core',
  () => ({
    getInput: jest.fn(() => ''),
    setOutput: jest.fn(),
    setFailed: jest.fn(),
    setSecret: jest.fn(),
    info: jest.fn(),
    warning: jest.fn(),
    debug: jest.fn(),
    isDebug: jest.fn(() => true),
    group: jest.fn((_name: string, fn: () => Promise<unknown>) => fn()),
    summary: { addRaw: jest.fn().mockReturnThis(), write: jest.fn().mockResolvedValue(undefined) }
  }),
  { virtual: true }
);
jest.mock('../../src/steps/publish', () => ({ publish: jest.fn() }));
jest.mock('../../src/edges/action-inputs', () => ({
  readInputs: jest.fn(async () => ({ tags: '127.0.0.1:5000/a:b', sources: '127.0.0.1:5000/c:d' }))
}));

const mocked = core as jest.Mocked<typeof core>;

function internalBug(): never {
  throw new TypeError("Cannot read properties of undefined (reading 'digest')");
}

test('debug on: the stack of an internal error and its cause chain are in the debug log', async () => {
  let thrown: Error | undefined;
  try {
    internalBug();
  } catch (err) {
    thrown = withContext(err as Error, 'copy 127.0.0.1:5000/c:d');
  }
  (publish as jest.Mock).mockRejectedValue(thrown);
  await run();
  expect(mocked.setFailed).toHaveBeenCalledWith(
    "unexpected error: copy 127.0.0.1:5000/c:d: Cannot read properties of undefined (reading 'digest')"
  );
  const debug = mocked.debug.mock.calls.map((c) => c[0]).join('\n');
  expect(debug).toContain("TypeError: copy 127.0.0.1:5000/c:d: Cannot read properties of undefined (reading 'digest')");
  expect(debug).toContain("caused by: TypeError: Cannot read properties of undefined (reading 'digest')");
  // The frame where it was thrown, not only where the context was added.
  expect(debug).toMatch(/at internalBug/);
  // Written before the failure line, which stays the last.
  const lastDebug = Math.max(...mocked.debug.mock.invocationCallOrder);
  expect(lastDebug).toBeLessThan(mocked.setFailed.mock.invocationCallOrder[0]);
});
