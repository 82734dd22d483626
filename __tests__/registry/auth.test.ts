// The transport's default agents come from the toolkit, which is ESM-only: these tests inject plain Node agents.
jest.mock('@actions/http-client', () => ({ HttpClient: class {} }), { virtual: true });

import { mergeScopes, parseChallenges, repoScope, scopesCover } from '../../src/registry/auth';

describe('parseChallenges', () => {
  test('Docker Hub bearer challenge, comma inside a quoted scope', () => {
    expect(
      parseChallenges(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull,push"'
      )
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/nginx:pull,push'
        }
      }
    ]);
  });

  test('basic challenge', () => {
    expect(parseChallenges('Basic realm="Registry Realm"')).toEqual([
      { scheme: 'basic', params: { realm: 'Registry Realm' } }
    ]);
  });

  test('several challenges in one header, with spaces after commas', () => {
    expect(
      parseChallenges('Basic realm="r1", Bearer realm="https://t/x", service="svc", error="invalid_token"')
    ).toEqual([
      { scheme: 'basic', params: { realm: 'r1' } },
      { scheme: 'bearer', params: { realm: 'https://t/x', service: 'svc', error: 'invalid_token' } }
    ]);
  });

  test('several headers as an array', () => {
    expect(parseChallenges(['Basic realm="a"', 'Bearer realm="b",service="c"'])).toEqual([
      { scheme: 'basic', params: { realm: 'a' } },
      { scheme: 'bearer', params: { realm: 'b', service: 'c' } }
    ]);
  });

  test('escaped quotes and backslashes in quoted values', () => {
    expect(parseChallenges('Bearer realm="a\\"b\\\\c",service="s"')).toEqual([
      { scheme: 'bearer', params: { realm: 'a"b\\c', service: 's' } }
    ]);
  });

  test('unquoted values, spaces around =, upper-case names are lowercased', () => {
    expect(parseChallenges('BEARER Realm = https://auth.example.com/token , Service=reg.example.com')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://auth.example.com/token', service: 'reg.example.com' } }
    ]);
  });

  test('a scope with several resources separated by spaces', () => {
    expect(parseChallenges('Bearer realm="r",scope="repository:a:pull repository:b:pull,push"')[0].params.scope).toBe(
      'repository:a:pull repository:b:pull,push'
    );
  });

  test('nothing', () => {
    expect(parseChallenges(undefined)).toEqual([]);
    expect(parseChallenges('')).toEqual([]);
    expect(parseChallenges([])).toEqual([]);
  });

  test('a scheme without params', () => {
    expect(parseChallenges('Negotiate')).toEqual([{ scheme: 'negotiate', params: {} }]);
  });
});

describe('repoScope', () => {
  test('named access: pull, push (which needs pull too), delete', () => {
    expect(repoScope('o/app', 'pull')).toBe('repository:o/app:pull');
    expect(repoScope('library/nginx', 'push')).toBe('repository:library/nginx:pull,push');
    expect(repoScope('o/app', 'delete')).toBe('repository:o/app:delete');
  });
});

describe('scopesCover', () => {
  test('same or wider actions cover', () => {
    expect(scopesCover(['repository:a:pull,push'], ['repository:a:pull'])).toBe(true);
    expect(scopesCover(['repository:a:pull,push'], ['repository:a:push,pull'])).toBe(true);
    expect(
      scopesCover(['repository:a:pull', 'repository:b:pull,push'], ['repository:b:push', 'repository:a:pull'])
    ).toBe(true);
  });

  test('narrower actions or another resource do not', () => {
    expect(scopesCover(['repository:a:pull'], ['repository:a:pull,push'])).toBe(false);
    expect(scopesCover(['repository:a:pull,push'], ['repository:b:pull'])).toBe(false);
    expect(scopesCover(['repository:a:pull,push'], ['repository:a:pull', 'repository:ab:pull'])).toBe(false);
    expect(scopesCover([], ['repository:a:pull'])).toBe(false);
  });

  test('a prefix of a name is another resource', () => {
    expect(scopesCover(['repository:o/app:pull'], ['repository:o/app2:pull'])).toBe(false);
    expect(scopesCover(['repository:o/app-x:pull'], ['repository:o/app:pull'])).toBe(false);
  });

  test('nothing needed is covered', () => {
    expect(scopesCover([], [])).toBe(true);
  });
});

describe('mergeScopes', () => {
  test('one entry per resource with the union of actions, sorted by resource, actions in canonical order', () => {
    expect(
      mergeScopes(['repository:b/x:pull', 'repository:a/y:push', 'repository:a/y:pull', 'repository:b/x:pull'])
    ).toEqual(['repository:a/y:pull,push', 'repository:b/x:pull']);
  });

  test('delete, * and unknown actions keep a fixed order', () => {
    expect(
      mergeScopes([
        'repository:a:metadata_read',
        'repository:a:delete',
        'repository:a:push',
        'registry:catalog:*',
        'repository:a:pull'
      ])
    ).toEqual(['registry:catalog:*', 'repository:a:pull,push,delete,metadata_read']);
  });

  test('the merge covers every input scope', () => {
    const input = ['repository:a:pull', 'repository:c:pull,push', 'repository:b:pull', 'repository:a:push'];
    const merged = mergeScopes(input);
    expect(scopesCover(merged, input)).toBe(true);
    expect(merged).toEqual(['repository:a:pull,push', 'repository:b:pull', 'repository:c:pull,push']);
  });

  test('idempotent and empty', () => {
    const once = mergeScopes(['repository:x:push,pull']);
    expect(once).toEqual(['repository:x:pull,push']);
    expect(mergeScopes(once)).toEqual(once);
    expect(mergeScopes([])).toEqual([]);
  });
});

describe('RegistryAuth against a local token server (transport with plain Node agents)', () => {
  const http = require('node:http') as typeof import('node:http');
  const { RegistryAuth } = require('../../src/registry/auth') as typeof import('../../src/registry/auth');
  const { Transport, nodeAgents } =
    require('../../src/registry/transport') as typeof import('../../src/registry/transport');
  let server: import('node:http').Server;
  let realm: string;
  let answer: { status: number; body: string } = { status: 200, body: '{}' };
  let calls = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      calls++;
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      // ECHO: a token that names the scopes asked for.
      const scopes = new URL(req.url ?? '/', 'http://x').searchParams.getAll('scope').join(' ');
      res.end(answer.body === 'ECHO' ? JSON.stringify({ token: `t[${scopes}]` }) : answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    realm = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}/token`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const auth = () => {
    const transport = new Transport({
      userAgent: 'test',
      timeoutMs: 2_000,
      certsDir: '/nonexistent',
      agents: nodeAgents
    });
    const a = new RegistryAuth({
      registry: 'r.example',
      transport,
      skipVerify: false,
      plainHttpAllowed: () => true,
      onSecret: () => undefined,
      debug: () => undefined
    });
    a.setChallenge(`Bearer realm="${realm}",service="svc"`);
    return { a, transport };
  };

  test('a token with CR/LF from the token server fails at once, without the token (issue 8, 6)', async () => {
    answer = { status: 200, body: JSON.stringify({ token: 'tok-secret\r\nX-Evil: 1' }) };
    const { a, transport } = auth();
    const err = await a.header(['repository:o/app:pull']).catch((e: Error) => e);
    transport.dispose();
    expect((err as Error).message).toMatch(
      /token server 127\.0\.0\.1:\d+ answered with a token that has a line break or control character/
    );
    expect((err as Error).message).not.toContain('tok-secret');
  });

  test('credentials for a plain-HTTP token server are refused in the words of the edge, before any request', async () => {
    const transport = new Transport({
      userAgent: 'test',
      timeoutMs: 2_000,
      certsDir: '/nonexistent',
      agents: nodeAgents
    });
    const ctx = {
      registry: 'r.example',
      transport,
      skipVerify: false,
      plainHttpAllowed: () => false,
      onSecret: () => undefined,
      debug: () => undefined
    };
    const credential = { username: 'u', password: 'p', from: 'auths' };
    calls = 0;
    for (const [insecureStep, words] of [
      ['pass --insecure', 'pass --insecure if that is intended'],
      [undefined, 'set insecure: true if that is intended']
    ] as const) {
      const a = new RegistryAuth({ ...ctx, credential, ...(insecureStep ? { insecureStep } : {}) });
      a.setChallenge(`Bearer realm="${realm}",service="svc"`);
      await expect(a.header(['repository:o/app:pull'])).rejects.toThrow(
        `is plain HTTP; refusing to send the credentials from auths unencrypted (${words})`
      );
    }
    expect(calls).toBe(0);
    transport.dispose();
  });

  test('a refusal is not remembered, and says what the server said', async () => {
    answer = {
      status: 403,
      body: JSON.stringify({ errors: [{ code: 'DENIED', message: 'no access', detail: { name: 'o/app' } }] })
    };
    const { a, transport } = auth();
    calls = 0;
    await expect(a.header(['repository:o/app:pull'])).rejects.toThrow(
      /HTTP 403 \(DENIED no access \(detail: \{"name":"o\/app"\}\)\)/
    );
    answer = { status: 200, body: JSON.stringify({ token: 'ok' }) };
    await expect(a.header(['repository:o/app:pull'])).resolves.toBe('Bearer ok');
    expect(calls).toBe(2);
    transport.dispose();
  });

  test("one token for the run's scopes serves every request within them; a scope outside gets a wider one", async () => {
    answer = { status: 200, body: 'ECHO' };
    const { a, transport } = auth();
    calls = 0;
    a.addRunScopes(['repository:o/a:pull', 'repository:o/t:pull,push']);
    const run = 'Bearer t[repository:o/a:pull repository:o/t:pull,push]';
    expect(await a.header(['repository:o/a:pull'])).toBe(run);
    expect(await a.header(['repository:o/t:push', 'repository:o/a:pull'])).toBe(run);
    expect(await a.header(['repository:o/t:pull'])).toBe(run);
    expect(calls).toBe(1);
    expect(await a.header(['repository:o/b:pull'])).toBe(
      'Bearer t[repository:o/a:pull repository:o/b:pull repository:o/t:pull,push]'
    );
    expect(await a.header(['repository:o/a:push'])).toBe('Bearer t[repository:o/a:pull,push repository:o/t:pull,push]');
    expect(calls).toBe(3);
    // Declared later, o/b is within the run's scopes from then on (and its wider token is the run's now).
    a.addRunScopes(['repository:o/b:pull']);
    expect(await a.header(['repository:o/b:pull'])).toBe(
      'Bearer t[repository:o/a:pull repository:o/b:pull repository:o/t:pull,push]'
    );
    expect(await a.header(['repository:o/a:pull'])).toBe(
      'Bearer t[repository:o/a:pull repository:o/b:pull repository:o/t:pull,push]'
    );
    expect(calls).toBe(3);
    transport.dispose();
  });

  test('431 from the token server: too many scopes for one request', async () => {
    answer = { status: 431, body: '' };
    const { a, transport } = auth();
    await expect(a.header(['repository:o/app:pull'])).rejects.toThrow(
      /HTTP 431.*too large for it; publish to fewer repositories per run/
    );
    transport.dispose();
  });
});
