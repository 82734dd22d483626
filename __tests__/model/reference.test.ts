import { InputError } from '../../src/model/errors';
import {
  DOCKER_HUB,
  DOCKER_HUB_API,
  apiHost,
  formatReference,
  isLoopback,
  manifestRef,
  parseReference,
  repoName,
  sameRepo,
  withDefaultTag
} from '../../src/model/reference';

const D = 'sha256:' + 'ab'.repeat(32);

describe('parseReference: docker.io normalization', () => {
  test.each([
    ['nginx', { registry: 'docker.io', repository: 'library/nginx', tag: undefined, digest: undefined }],
    ['nginx:1.25', { registry: 'docker.io', repository: 'library/nginx', tag: '1.25', digest: undefined }],
    ['library/nginx:1.25', { registry: 'docker.io', repository: 'library/nginx', tag: '1.25', digest: undefined }],
    ['docker.io/nginx', { registry: 'docker.io', repository: 'library/nginx', tag: undefined, digest: undefined }],
    [
      'docker.io/library/nginx:alpine',
      { registry: 'docker.io', repository: 'library/nginx', tag: 'alpine', digest: undefined }
    ],
    [
      'index.docker.io/nginx',
      { registry: 'docker.io', repository: 'library/nginx', tag: undefined, digest: undefined }
    ],
    ['index.docker.io/me/app:1', { registry: 'docker.io', repository: 'me/app', tag: '1', digest: undefined }],
    ['registry-1.docker.io/me/app', { registry: 'docker.io', repository: 'me/app', tag: undefined, digest: undefined }],
    ['me/app:v2', { registry: 'docker.io', repository: 'me/app', tag: 'v2', digest: undefined }],
    ['me/sub/app', { registry: 'docker.io', repository: 'me/sub/app', tag: undefined, digest: undefined }]
  ])('%s', (input, expected) => {
    expect(parseReference(input)).toEqual(expected);
  });

  test('the fully qualified string form', () => {
    expect(formatReference(parseReference('nginx'))).toBe('docker.io/library/nginx');
    expect(formatReference(withDefaultTag(parseReference('nginx')))).toBe('docker.io/library/nginx:latest');
    expect(formatReference(withDefaultTag(parseReference('index.docker.io/me/app')))).toBe('docker.io/me/app:latest');
    expect(formatReference(parseReference(`nginx@${D}`))).toBe(`docker.io/library/nginx@${D}`);
  });

  test('surrounding white space is trimmed', () => {
    expect(formatReference(parseReference('  ghcr.io/o/app:1\t'))).toBe('ghcr.io/o/app:1');
  });
});

describe('parseReference: registries', () => {
  test.each([
    ['ghcr.io/o/app:1.0', 'ghcr.io', 'o/app', '1.0'],
    ['ghcr.io/o/team/app', 'ghcr.io', 'o/team/app', undefined],
    ['localhost/app', 'localhost', 'app', undefined],
    ['localhost:5000/app:1', 'localhost:5000', 'app', '1'],
    ['127.0.0.1:5000/ns/app:x', '127.0.0.1:5000', 'ns/app', 'x'],
    ['registry.example.com:443/a/b:c', 'registry.example.com:443', 'a/b', 'c'],
    ['[::1]:5000/app:1', '[::1]:5000', 'app', '1'],
    ['[::1]/app', '[::1]', 'app', undefined],
    ['[2001:db8::1]:5000/o/app:2', '[2001:db8::1]:5000', 'o/app', '2'],
    // A first component with upper case is a host name for docker too; host names are case-insensitive.
    ['Registry/app', 'registry', 'app', undefined],
    ['LOCALHOST:5000/app:1', 'localhost:5000', 'app', '1'],
    ['GHCR.IO/o/app:1', 'ghcr.io', 'o/app', '1'],
    ['INDEX.DOCKER.IO/o/app', 'docker.io', 'o/app', undefined],
    ['myhost:5000/app', 'myhost:5000', 'app', undefined]
  ])('%s', (input, registry, repository, tag) => {
    expect(parseReference(input)).toEqual({ registry, repository, tag, digest: undefined });
  });

  test('a bare "localhost:5000" is Docker Hub\'s library/localhost with tag 5000, as in docker', () => {
    expect(parseReference('localhost:5000')).toEqual({
      registry: 'docker.io',
      repository: 'library/localhost',
      tag: '5000',
      digest: undefined
    });
  });

  test('no library/ prefix outside Docker Hub', () => {
    expect(parseReference('ghcr.io/app').repository).toBe('app');
    expect(parseReference('localhost:5000/app').repository).toBe('app');
  });
});

describe('parseReference: tags and digests', () => {
  test('digest only', () => {
    expect(parseReference(`ghcr.io/o/app@${D}`)).toEqual({
      registry: 'ghcr.io',
      repository: 'o/app',
      tag: undefined,
      digest: D
    });
  });

  test('tag and digest together keep both', () => {
    const r = parseReference(`ghcr.io/o/app:1.0@${D}`);
    expect(r).toEqual({ registry: 'ghcr.io', repository: 'o/app', tag: '1.0', digest: D });
    expect(formatReference(r)).toBe(`ghcr.io/o/app:1.0@${D}`);
    expect(manifestRef(r)).toBe(D);
  });

  test('host:port with tag and digest', () => {
    expect(parseReference(`localhost:5000/app:1@${D}`)).toEqual({
      registry: 'localhost:5000',
      repository: 'app',
      tag: '1',
      digest: D
    });
  });

  test('tags: 128 characters allowed, 129 refused; may start with _ and hold . and -', () => {
    const t128 = 'a' + 'b'.repeat(127);
    expect(parseReference(`app:${t128}`).tag).toBe(t128);
    expect(() => parseReference(`app:${t128}x`)).toThrow(`"${t128}x" is not a valid tag`);
    expect(parseReference('app:_x.y-Z').tag).toBe('_x.y-Z');
  });

  test.each(['app:.x', 'app:-x', 'app:a+b', 'app:'])('bad tag %s', (input) => {
    const tag = input.slice(4);
    expect(() => parseReference(input)).toThrow(
      `invalid reference "${input}": "${tag}" is not a valid tag (tags are up to 128 of [A-Za-z0-9_.-], not starting with . or -)`
    );
  });

  test('short sha256 digest', () => {
    expect(() => parseReference('app@sha256:abc')).toThrow(
      'invalid reference "app@sha256:abc": "sha256:abc" is not a sha256 digest (64 lowercase hex digits)'
    );
  });

  test('upper-case hex digest', () => {
    const up = 'sha256:' + 'AB'.repeat(32);
    expect(() => parseReference(`app@${up}`)).toThrow(`"${up}" is not a sha256 digest`);
  });

  test('sha512 digests are references too (image spec: a registered algorithm Node computes)', () => {
    const d = 'sha512:' + 'ab'.repeat(64);
    expect(parseReference(`ghcr.io/o/app@${d}`)).toEqual({ registry: 'ghcr.io', repository: 'o/app', digest: d });
  });

  test('other algorithms are refused by name, in one line', () => {
    const b3 = 'blake3:' + 'ab'.repeat(32);
    expect(() => parseReference(`app@${b3}`)).toThrow(
      `invalid reference "app@${b3}": digest algorithm "blake3" is registered but cannot be verified here (sha256 and sha512 can)`
    );
    const md5 = 'md5:' + 'ab'.repeat(16);
    expect(() => parseReference(`app@${md5}`)).toThrow(
      `invalid reference "app@${md5}": digest algorithm "md5" is not supported (sha256 and sha512 are)`
    );
  });

  test('not a digest at all', () => {
    expect(() => parseReference('app@latest')).toThrow(
      'invalid reference "app@latest": "latest" is not a digest (algorithm:encoded, e.g. sha256:<64 hex digits>)'
    );
    expect(() => parseReference('app@')).toThrow('"" is not a digest');
  });

  test('errors are InputError', () => {
    expect(() => parseReference('app@x')).toThrow(InputError);
  });
});

describe('parseReference: names', () => {
  test('upper case in the repository is refused', () => {
    expect(() => parseReference('ghcr.io/O/app')).toThrow(
      'invalid reference "ghcr.io/O/app": repository names must be lowercase'
    );
    expect(() => parseReference('Nginx')).toThrow('invalid reference "Nginx": repository names must be lowercase');
    expect(() => parseReference('me/App:1')).toThrow('repository names must be lowercase');
  });

  test('bad path components are named', () => {
    expect(() => parseReference('ghcr.io/o/-app')).toThrow(
      'invalid reference "ghcr.io/o/-app": "-app" is not a valid repository path component'
    );
    expect(() => parseReference('ghcr.io/o//app')).toThrow('"" is not a valid repository path component');
    expect(() => parseReference('ghcr.io/o/app_')).toThrow('"app_" is not a valid repository path component');
    expect(() => parseReference('ghcr.io/o/a___b')).toThrow('"a___b" is not a valid repository path component');
  });

  test('separators docker allows', () => {
    expect(parseReference('ghcr.io/o/a.b_c__d-e--f').repository).toBe('o/a.b_c__d-e--f');
  });

  test('255-character limit on registry/repository', () => {
    // ghcr.io (7) + "/" (1) + 247 = 255
    const ok = 'a'.repeat(247);
    expect(parseReference(`ghcr.io/${ok}:1`).repository).toBe(ok);
    expect(() => parseReference(`ghcr.io/${ok}a:1`)).toThrow(
      `invalid reference "ghcr.io/${ok}a:1": the name is longer than 255 characters`
    );
  });

  test('255-character limit counts docker.io/library/ as docker does', () => {
    // docker.io (9) + "/" + library/ (8) + 237 = 255
    expect(parseReference('a'.repeat(237)).repository).toBe('library/' + 'a'.repeat(237));
    expect(() => parseReference('a'.repeat(238))).toThrow('the name is longer than 255 characters');
  });

  test('empty, white space, scheme, missing name, bad host', () => {
    expect(() => parseReference('')).toThrow('invalid reference "": it is empty');
    expect(() => parseReference('   ')).toThrow('it is empty');
    expect(() => parseReference('ghcr.io/o/app 1')).toThrow(
      'invalid reference "ghcr.io/o/app 1": it contains white space'
    );
    expect(() => parseReference('https://ghcr.io/o/app')).toThrow(
      'invalid reference "https://ghcr.io/o/app": a reference has no scheme (write host/repository:tag)'
    );
    expect(() => parseReference(':1')).toThrow('invalid reference ":1": the repository name is missing');
    expect(() => parseReference(`@${D}`)).toThrow('the repository name is missing');
    expect(() => parseReference('bad_host.io/app')).toThrow('"bad_host.io" is not a valid registry host');
    expect(() => parseReference('-host.io/app')).toThrow('"-host.io" is not a valid registry host');
  });
});

describe('helpers', () => {
  test('withDefaultTag', () => {
    expect(withDefaultTag(parseReference('ghcr.io/o/app'))).toEqual({
      registry: 'ghcr.io',
      repository: 'o/app',
      tag: 'latest',
      digest: undefined
    });
    const tagged = parseReference('ghcr.io/o/app:1');
    expect(withDefaultTag(tagged)).toBe(tagged);
    const digested = parseReference(`ghcr.io/o/app@${D}`);
    expect(withDefaultTag(digested)).toBe(digested);
    expect(withDefaultTag(digested).tag).toBeUndefined();
  });

  test('manifestRef: digest, else tag, else latest', () => {
    expect(manifestRef(parseReference('ghcr.io/o/app'))).toBe('latest');
    expect(manifestRef(parseReference('ghcr.io/o/app:v1'))).toBe('v1');
    expect(manifestRef(parseReference(`ghcr.io/o/app@${D}`))).toBe(D);
  });

  test('repoName and formatReference', () => {
    expect(repoName(parseReference('localhost:5000/a/b:1'))).toBe('localhost:5000/a/b');
    expect(formatReference({ registry: '[::1]:5000', repository: 'app', tag: 't' })).toBe('[::1]:5000/app:t');
  });

  test('apiHost maps docker.io to registry-1.docker.io only', () => {
    expect(DOCKER_HUB).toBe('docker.io');
    expect(apiHost('docker.io')).toBe(DOCKER_HUB_API);
    expect(DOCKER_HUB_API).toBe('registry-1.docker.io');
    expect(apiHost('ghcr.io')).toBe('ghcr.io');
    expect(apiHost('localhost:5000')).toBe('localhost:5000');
  });

  test.each([
    ['localhost', true],
    ['localhost:5000', true],
    ['127.0.0.1', true],
    ['127.0.0.1:5000', true],
    ['127.255.3.4:80', true],
    ['[::1]', true],
    ['[::1]:5000', true],
    ['localhost.example.com', false],
    ['127.example.com', false],
    ['128.0.0.1:5000', false],
    ['[::2]:5000', false],
    ['ghcr.io', false],
    ['docker.io', false],
    ['LOCALHOST:5000', true],
    ['LocalHost', true]
  ])('isLoopback(%s) = %s', (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });

  test('sameRepo compares registry and repository only', () => {
    expect(sameRepo(parseReference('nginx:1'), parseReference(`docker.io/library/nginx@${D}`))).toBe(true);
    expect(sameRepo(parseReference('ghcr.io/o/app'), parseReference('ghcr.io/o/app2'))).toBe(false);
    expect(sameRepo(parseReference('ghcr.io/o/app'), parseReference('quay.io/o/app'))).toBe(false);
  });
});

describe('canonicalRegistry: one function for Docker Hub aliases and case', () => {
  const { canonicalRegistry } = require('../../src/model/reference') as typeof import('../../src/model/reference');
  test.each([
    ['docker.io', 'docker.io'],
    ['index.docker.io', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['Registry-1.Docker.IO', 'docker.io'],
    ['GHCR.io', 'ghcr.io'],
    ['LOCALHOST:5000', 'localhost:5000']
  ])('%s → %s', (host, expected) => {
    expect(canonicalRegistry(host)).toBe(expected);
  });
});
