/** The action's inputs as the runner passes them: every v2 input is read, the token is a secret at once. */
import * as core from '@actions/core';
import { readInputs } from '../../src/edges/action-inputs';
import { parseOptions } from '../../src/model/options';

jest.mock('@actions/core', () => ({ getInput: jest.fn(), setSecret: jest.fn() }), { virtual: true }); // ESM-only package: mocked by name

const mocked = core as jest.Mocked<typeof core>;

beforeEach(() => jest.clearAllMocks());

test('every input of action.yml is read by its name; they reach Options', async () => {
  const values: Record<string, string> = {
    tags: 'ghcr.io/o/app:1',
    sources: 'ghcr.io/o/app:1-ARCH',
    platforms: 'linux/amd64,linux/arm64',
    attestations: 'drop',
    referrers: 'true',
    'github-token': 'ghs_secret'
  };
  mocked.getInput.mockImplementation((name: string) => values[name] ?? '');
  const o = parseOptions(await readInputs());
  expect(mocked.getInput.mock.calls.map(([n]) => n).sort()).toEqual(
    [
      'tags',
      'sources',
      'sources-from',
      'annotations',
      'insecure',
      'purge',
      'amend',
      'format',
      'push',
      'platforms',
      'attestations',
      'referrers',
      'github-token',
      'summary',
      'username',
      'password',
      'registry-auth'
    ].sort()
  );
  expect(o.sources.map((s) => s.tag)).toEqual(['1-amd64', '1-arm64']);
  expect(o).toMatchObject({ attestations: 'drop', referrers: true, githubToken: 'ghs_secret' });
});

test('github-token is registered as a secret before anything else is read; an empty one is not', async () => {
  mocked.getInput.mockImplementation((name: string) => (name === 'github-token' ? 'ghs_secret' : ''));
  await readInputs();
  expect(mocked.setSecret).toHaveBeenCalledWith('ghs_secret');
  const secretAt = mocked.setSecret.mock.invocationCallOrder[0];
  const tokenReadAt =
    mocked.getInput.mock.invocationCallOrder[mocked.getInput.mock.calls.findIndex(([n]) => n === 'github-token')];
  expect(secretAt).toBeGreaterThan(tokenReadAt);
  expect(mocked.getInput.mock.invocationCallOrder.filter((o) => o > secretAt)).toHaveLength(
    mocked.getInput.mock.calls.length - 1
  );

  jest.clearAllMocks();
  mocked.getInput.mockImplementation(() => '');
  await readInputs();
  expect(mocked.setSecret).not.toHaveBeenCalled();
});

test('password and every registry-auth password are secrets from the moment they are read', async () => {
  const values: Record<string, string> = {
    tags: 'ghcr.io/o/app:1',
    sources: 'ghcr.io/o/app:1-amd64',
    username: 'me',
    password: 'pw-input',
    'registry-auth': '- registry: quay.io\n  username: q\n  password: pw-quay\n- username: hub\n  password: 12345\n'
  };
  mocked.getInput.mockImplementation((name: string) => values[name] ?? '');
  const o = parseOptions(await readInputs());
  expect(mocked.setSecret.mock.calls.map(([s]) => s)).toEqual(['pw-input', 'pw-quay', '12345']);
  expect(o.credentials.map((c) => [c.registry, c.username, c.from])).toEqual([
    ['ghcr.io', 'me', 'the "username"/"password" inputs'],
    ['quay.io', 'q', 'the "registry-auth" input (item 1, quay.io)'],
    ['docker.io', 'hub', 'the "registry-auth" input (item 2, docker.io)']
  ]);
});
