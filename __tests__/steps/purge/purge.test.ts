// @actions/http-client is ESM-only and jest (CommonJS) cannot load it; these tests send no request.
jest.mock('@actions/http-client', () => ({ HttpClient: class {} }), { virtual: true });
import path from 'node:path';
import { localListDirs, purgeCandidates, purgeSummary } from '../../../src/steps/purge/purge';
import { packageOf } from '../../../src/registry/github-packages';
import { formatReference, parseReference, withDefaultTag } from '../../../src/model/reference';

const D = 'sha256:' + 'e'.repeat(64);
const refs = (...s: string[]) => s.map((x) => withDefaultTag(parseReference(x)));
/** Every source contributed to the list. */
const all = (sources: ReturnType<typeof refs>) => new Set(sources.map(formatReference));

describe('purgeCandidates', () => {
  test('tags only: not sources given by digest (with or without a tag), not targets', () => {
    const sources = refs(
      'ghcr.io/o/app:amd64',
      `ghcr.io/o/app@${D}`,
      `ghcr.io/o/app:arm64@${D}`,
      'ghcr.io/o/app:1.0',
      'ghcr.io/o/app',
      'nginx:s390x',
      'ghcr.io/other/app:riscv64'
    );
    const tags = refs('ghcr.io/o/app:1.0', 'ghcr.io/o/app:latest');
    expect(purgeCandidates(sources, tags, all(sources)).map(formatReference)).toEqual([
      'ghcr.io/o/app:amd64',
      'docker.io/library/nginx:s390x',
      'ghcr.io/other/app:riscv64'
    ]);
  });

  test('a target written in another spelling is still a target', () => {
    const sources = refs('nginx:amd64', 'me/app:arm64');
    expect(
      purgeCandidates(sources, refs('docker.io/library/nginx:amd64', 'index.docker.io/me/app:arm64'), all(sources))
    ).toEqual([]);
  });

  test('the same tag name in another repository or registry is not a target', () => {
    const sources = refs('ghcr.io/o/app-amd64:1.0', 'quay.io/o/app:1.0');
    expect(purgeCandidates(sources, refs('ghcr.io/o/app:1.0'), all(sources)).map(formatReference)).toEqual([
      'ghcr.io/o/app-amd64:1.0',
      'quay.io/o/app:1.0'
    ]);
  });

  test('nothing to purge', () => {
    expect(purgeCandidates([], refs('ghcr.io/o/app:1'), new Set())).toEqual([]);
    const byDigest = refs(`ghcr.io/o/app@${D}`);
    expect(purgeCandidates(byDigest, refs('ghcr.io/o/app:1'), all(byDigest))).toEqual([]);
  });

  test('a source that contributed nothing to the list keeps its tag', () => {
    const sources = refs('ghcr.io/o/app:amd64', 'ghcr.io/o/app:arm64', 'ghcr.io/o/app:attestations-only');
    const contributed = new Set(['ghcr.io/o/app:amd64', 'ghcr.io/o/app:arm64']);
    expect(purgeCandidates(sources, refs('ghcr.io/o/app:1'), contributed).map(formatReference)).toEqual([
      'ghcr.io/o/app:amd64',
      'ghcr.io/o/app:arm64'
    ]);
    expect(purgeCandidates(sources, refs('ghcr.io/o/app:1'), new Set())).toEqual([]);
  });
});

describe('localListDirs', () => {
  const cfg = '/home/runner/.docker';
  const dirs = (t: string) => localListDirs(cfg, withDefaultTag(parseReference(t)));

  test('docker manifest create names its directory after the fully qualified reference', () => {
    expect(dirs('ghcr.io/o/app:1.0')).toEqual([path.join(cfg, 'manifests', 'ghcr.io_o_app-1.0')]);
    expect(dirs('localhost:5000/team/app')).toEqual([path.join(cfg, 'manifests', 'localhost-5000_team_app-latest')]);
  });

  test('Docker Hub: the full form and the short form', () => {
    expect(dirs('nginx')).toEqual([
      path.join(cfg, 'manifests', 'docker.io_library_nginx-latest'),
      path.join(cfg, 'manifests', 'nginx-latest')
    ]);
    expect(dirs('me/app:v1')).toEqual([
      path.join(cfg, 'manifests', 'docker.io_me_app-v1'),
      path.join(cfg, 'manifests', 'me_app-v1')
    ]);
  });

  test('exact path strings', () => {
    expect(localListDirs('/tmp/dc', withDefaultTag(parseReference('[::1]:5000/app:x')))).toEqual([
      '/tmp/dc/manifests/[--1]-5000_app-x'
    ]);
  });
});

describe('purgeSummary', () => {
  test('a removed local list is not reported as "removed nothing"', () => {
    const line = purgeSummary({
      removed: [],
      left: [],
      localLists: ['/home/runner/.docker/manifests/ghcr.io_o_app-1.0']
    });
    expect(line).toBe(
      'purge: removed no source tag; removed the local list /home/runner/.docker/manifests/ghcr.io_o_app-1.0'
    );
    expect(line).not.toMatch(/removed nothing/);
  });

  test('removed, left and local lists, each said once', () => {
    const line = purgeSummary({
      removed: ['ghcr.io/o/app:amd64'],
      left: [{ tag: 'ghcr.io/o/app:arm64', reason: 'changed', detail: 'it now points to …' }],
      localLists: ['/a', '/b']
    });
    expect(line).toBe(
      'purge: removed ghcr.io/o/app:amd64; left ghcr.io/o/app:arm64 in place; removed the local lists /a, /b'
    );
  });

  test('nothing at all', () => {
    expect(purgeSummary({ removed: [], left: [], localLists: [] })).toBe('purge: removed no source tag');
  });
});

describe('packageOf', () => {
  test('the owner is the first path segment; the package name is the rest', () => {
    expect(packageOf('o/app')).toEqual({ owner: 'o', name: 'app' });
    expect(packageOf('o/team/app')).toEqual({ owner: 'o', name: 'team/app' });
    expect(packageOf('app')).toBeUndefined();
    expect(packageOf('o/')).toBeUndefined();
  });
});
