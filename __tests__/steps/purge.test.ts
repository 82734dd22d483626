import path from 'node:path';
import { localListDirs, purgeCandidates } from '../../src/steps/purge';
import { formatReference, parseReference, withDefaultTag } from '../../src/model/reference';

const D = 'sha256:' + 'e'.repeat(64);
const refs = (...s: string[]) => s.map((x) => withDefaultTag(parseReference(x)));

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
    expect(purgeCandidates(sources, tags).map(formatReference)).toEqual([
      'ghcr.io/o/app:amd64',
      'docker.io/library/nginx:s390x',
      'ghcr.io/other/app:riscv64'
    ]);
  });

  test('a target written in another spelling is still a target', () => {
    expect(purgeCandidates(refs('nginx:amd64', 'me/app:arm64'), refs('docker.io/library/nginx:amd64', 'index.docker.io/me/app:arm64'))).toEqual([]);
  });

  test('the same tag name in another repository or registry is not a target', () => {
    expect(purgeCandidates(refs('ghcr.io/o/app-amd64:1.0', 'quay.io/o/app:1.0'), refs('ghcr.io/o/app:1.0')).map(formatReference)).toEqual([
      'ghcr.io/o/app-amd64:1.0',
      'quay.io/o/app:1.0'
    ]);
  });

  test('nothing to purge', () => {
    expect(purgeCandidates([], refs('ghcr.io/o/app:1'))).toEqual([]);
    expect(purgeCandidates(refs(`ghcr.io/o/app@${D}`), refs('ghcr.io/o/app:1'))).toEqual([]);
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
    expect(dirs('nginx')).toEqual([path.join(cfg, 'manifests', 'docker.io_library_nginx-latest'), path.join(cfg, 'manifests', 'nginx-latest')]);
    expect(dirs('me/app:v1')).toEqual([path.join(cfg, 'manifests', 'docker.io_me_app-v1'), path.join(cfg, 'manifests', 'me_app-v1')]);
  });

  test('exact path strings', () => {
    expect(localListDirs('/tmp/dc', withDefaultTag(parseReference('[::1]:5000/app:x')))).toEqual(['/tmp/dc/manifests/[--1]-5000_app-x']);
  });
});
