import path from 'node:path';
import { readSettings } from '../../src/model/settings';

describe('readSettings: the environment knobs, read once at the edge', () => {
  test('defaults', () => {
    const s = readSettings({}, '/home/u');
    expect(s).toEqual({
      sourceWaitMs: 0,
      timeoutMs: 60_000,
      certsDir: '/etc/docker/certs.d',
      dockerConfig: path.join('/home/u', '.docker'),
      buildxConfig: path.join('/home/u', '.docker', 'buildx'),
      dockerAuthConfig: undefined,
      containersAuthFiles: [path.join('/home/u', '.config', 'containers', 'auth.json')],
      githubPackagesRegistries: ['ghcr.io'],
      githubApiUrl: 'https://api.github.com',
      ci: false,
      edge: 'action',
      proxy: { noProxy: [] }
    });
  });

  test('credential places: BUILDX_CONFIG, else under DOCKER_CONFIG; REGISTRY_AUTH_FILE, else XDG_RUNTIME_DIR, else ~/.config', () => {
    expect(readSettings({ DOCKER_CONFIG: '/d' }, '/h').buildxConfig).toBe(path.join('/d', 'buildx'));
    expect(readSettings({ DOCKER_CONFIG: '/d', BUILDX_CONFIG: '/b' }, '/h').buildxConfig).toBe('/b');
    // As podman reads them: the runtime file first, ~/.config's for a registry it does not hold.
    expect(readSettings({ XDG_RUNTIME_DIR: '/run/user/1' }, '/h').containersAuthFiles).toEqual([
      path.join('/run/user/1', 'containers', 'auth.json'),
      path.join('/h', '.config', 'containers', 'auth.json')
    ]);
    expect(
      readSettings({ XDG_RUNTIME_DIR: '/run/user/1', REGISTRY_AUTH_FILE: '/a.json' }, '/h').containersAuthFiles
    ).toEqual(['/a.json']);
    expect(readSettings({ DOCKER_AUTH_CONFIG: '{}' }, '/h').dockerAuthConfig).toBe('{}');
  });

  test('certs.d per OS: %ProgramData%\\docker\\certs.d on Windows; FANIN_CERTS_DIR wins everywhere', () => {
    expect(readSettings({ ProgramData: 'D:\\PD' }, 'C:\\u', 'win32').certsDir).toBe('D:\\PD\\docker\\certs.d');
    expect(readSettings({}, 'C:\\u', 'win32').certsDir).toBe('C:\\ProgramData\\docker\\certs.d');
    expect(readSettings({}, '/h', 'darwin').certsDir).toBe('/etc/docker/certs.d');
    expect(readSettings({ FANIN_CERTS_DIR: 'X' }, 'C:\\u', 'win32').certsDir).toBe('X');
  });

  test('FANIN_TIMEOUT_SECONDS: positive seconds, else 60 s', () => {
    expect(readSettings({ FANIN_TIMEOUT_SECONDS: '2.5' }, '/h').timeoutMs).toBe(2_500);
    expect(readSettings({ FANIN_TIMEOUT_SECONDS: '0' }, '/h').timeoutMs).toBe(60_000);
    expect(readSettings({ FANIN_TIMEOUT_SECONDS: 'soon' }, '/h').timeoutMs).toBe(60_000);
  });

  test('FANIN_SOURCE_WAIT_SECONDS: zero allowed; empty means the default, not zero', () => {
    const ci = { CI: 'true' };
    expect(readSettings({ ...ci, FANIN_SOURCE_WAIT_SECONDS: '0' }, '/h').sourceWaitMs).toBe(0);
    expect(readSettings({ FANIN_SOURCE_WAIT_SECONDS: '5' }, '/h').sourceWaitMs).toBe(5_000);
    expect(readSettings({ ...ci, FANIN_SOURCE_WAIT_SECONDS: '' }, '/h').sourceWaitMs).toBe(30_000);
    expect(readSettings({ ...ci, FANIN_SOURCE_WAIT_SECONDS: ' ' }, '/h').sourceWaitMs).toBe(30_000);
    expect(readSettings({ ...ci, FANIN_SOURCE_WAIT_SECONDS: '-1' }, '/h').sourceWaitMs).toBe(30_000);
  });

  test('the wait defaults to 30 s only in CI: elsewhere nobody is still pushing the sources', () => {
    expect(readSettings({ CI: 'true' }, '/h').sourceWaitMs).toBe(30_000);
    expect(readSettings({ CI: '1' }, '/h').sourceWaitMs).toBe(30_000);
    expect(readSettings({}, '/h').sourceWaitMs).toBe(0);
    expect(readSettings({ CI: 'false' }, '/h').sourceWaitMs).toBe(0);
    expect(readSettings({ CI: '' }, '/h').sourceWaitMs).toBe(0);
  });

  test('DOCKER_CONFIG, else ~/.docker; FANIN_CERTS_DIR', () => {
    expect(readSettings({ DOCKER_CONFIG: '/tmp/dc' }, '/h').dockerConfig).toBe('/tmp/dc');
    expect(readSettings({ DOCKER_CONFIG: '' }, '/h').dockerConfig).toBe('/h/.docker');
    expect(readSettings({ FANIN_CERTS_DIR: '/certs' }, '/h').certsDir).toBe('/certs');
  });

  test('GitHub Packages registries and API URL', () => {
    const s = readSettings(
      {
        FANIN_GITHUB_PACKAGES_REGISTRIES: 'ghcr.io, containers.GHE.example',
        GITHUB_API_URL: 'https://ghe.example/api/v3/'
      },
      '/h'
    );
    expect(s.githubPackagesRegistries).toEqual(['ghcr.io', 'containers.ghe.example']);
    expect(s.githubApiUrl).toBe('https://ghe.example/api/v3');
  });

  test('CI', () => {
    expect(readSettings({ CI: 'true' }, '/h').ci).toBe(true);
    expect(readSettings({ CI: 'false' }, '/h').ci).toBe(false);
  });
});
