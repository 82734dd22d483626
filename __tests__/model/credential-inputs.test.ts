/** username/password and registry-auth: parsed, checked, and no secret in any error. */
import { parseCredentialInputs, registryAuthPasswords } from '../../src/model/credential-inputs';

test('username/password are for the first tag registry and come first', () => {
  expect(
    parseCredentialInputs(
      { username: 'u', password: 'p', registryAuth: '- registry: ghcr.io\n  username: g\n  password: gp' },
      'ghcr.io'
    )
  ).toEqual([
    { registry: 'ghcr.io', username: 'u', password: 'p', from: 'the "username"/"password" inputs' },
    { registry: 'ghcr.io', username: 'g', password: 'gp', from: 'the "registry-auth" input (item 1, ghcr.io)' }
  ]);
});

test('one of username and password without the other is an input error', () => {
  expect(() => parseCredentialInputs({ username: 'u' }, 'r')).toThrow(
    'input "username" is set but "password" is empty: give both (the password from a secret), or neither'
  );
  expect(() => parseCredentialInputs({ password: 'secret-pw' }, 'r')).toThrow(
    'input "password" is set but "username" is empty'
  );
  expect(parseCredentialInputs({}, 'r')).toEqual([]);
});

test('registry-auth: docker.io by default, registry spellings folded, numbers as strings', () => {
  const got = parseCredentialInputs(
    {
      registryAuth: '- username: hub\n  password: 123\n- registry: https://GHCR.io/v2/\n  username: g\n  password: x\n'
    },
    'r'
  );
  expect(got.map((c) => [c.registry, c.username, c.password])).toEqual([
    ['docker.io', 'hub', '123'],
    ['ghcr.io', 'g', 'x']
  ]);
});

test.each([
  ['not a list', 'registry: ghcr.io', 'input "registry-auth" must be a YAML list'],
  [
    'a missing password',
    '- registry: ghcr.io\n  username: g',
    'item 1 (ghcr.io) needs both username and password (got no password)'
  ],
  [
    'a missing username',
    '- password: secret-pw',
    'item 1 (docker.io) needs both username and password (got no username)'
  ],
  [
    'a registry twice',
    '- {username: a, password: b}\n- {registry: index.docker.io, username: c, password: d}',
    'docker.io is given twice'
  ],
  [
    'YAML that does not parse',
    '- registry: ghcr.io\n  password: "secret-pw\n  username: [',
    'input "registry-auth" is not valid YAML (line'
  ]
])('registry-auth with %s: one input error, no secret in it', (_name, text, message) => {
  let err: Error | undefined;
  try {
    parseCredentialInputs({ registryAuth: text }, 'r');
  } catch (e) {
    err = e as Error;
  }
  expect(err?.name).toBe('InputError');
  expect(err?.message).toContain(message);
  expect(err?.message).not.toContain('secret-pw');
});

test('registryAuthPasswords: every password, or none when it does not parse', () => {
  expect(
    registryAuthPasswords('- {username: a, password: p1}\n- {username: b, password: 22}\n- {username: c}')
  ).toEqual(['p1', '22']);
  expect(registryAuthPasswords('- [')).toEqual([]);
  expect(registryAuthPasswords('')).toEqual([]);
});
