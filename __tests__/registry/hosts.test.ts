import { hostSettings, plainHttpAllowedTo } from '../../src/registry/hosts';

describe('per-host settings: the two meanings of insecure apart', () => {
  test('a public registry: verified HTTPS only', () => {
    expect(hostSettings('ghcr.io', false)).toEqual({
      registry: 'ghcr.io',
      apiHost: 'ghcr.io',
      loopback: false,
      skipVerify: false,
      plainHttp: false,
      insecure: false
    });
  });
  test('insecure: skip verification and allow plain HTTP', () => {
    expect(hostSettings('registry.corp:5000', true)).toMatchObject({ skipVerify: true, plainHttp: true });
  });
  test('loopback: plain HTTP allowed, verification kept', () => {
    expect(hostSettings('LOCALHOST:5000', false)).toMatchObject({
      registry: 'localhost:5000',
      loopback: true,
      skipVerify: false,
      plainHttp: true,
      insecure: false
    });
  });
  test("Docker Hub's API host", () => {
    expect(hostSettings('index.docker.io', false)).toMatchObject({
      registry: 'docker.io',
      apiHost: 'registry-1.docker.io'
    });
  });
  test('credentials to a plain-HTTP token server: loopback, or with insecure only', () => {
    const local = hostSettings('127.0.0.1:5000', false);
    expect(plainHttpAllowedTo(local, '127.0.0.1:6000')).toBe(true);
    expect(plainHttpAllowedTo(local, 'auth.example.com')).toBe(false);
    expect(plainHttpAllowedTo(hostSettings('r.example.com', true), 'auth.example.com')).toBe(true);
  });
});
