/** NO_PROXY and the proxy variables as curl and Go read them (issue 21, "Behind a proxy"). */
import { noProxyMatches, parseProxy, proxyConfig, proxyFor } from '../../src/model/proxy-env';

const env = (e: Record<string, string>) => proxyConfig(e);

describe('noProxyMatches: each form', () => {
  test.each([
    ['*', 'reg.corp.test', 443, true],
    ['corp.test', 'corp.test', 443, true],
    ['corp.test', 'reg.corp.test', 443, true],
    ['corp.test', 'a.b.corp.test', 443, true],
    ['corp.test', 'notcorp.test', 443, false],
    ['corp.test', 'corp.test.evil', 443, false],
    ['.corp.test', 'reg.corp.test', 443, true],
    ['.corp.test', 'corp.test', 443, true],
    ['.corp.test', 'xcorp.test', 443, false],
    ['*.corp.test', 'reg.corp.test', 443, true],
    ['*.corp.test', 'deep.reg.corp.test', 5000, true],
    ['*.corp.test', 'other.test', 443, false],
    ['reg.corp.test:5000', 'reg.corp.test', 5000, true],
    ['reg.corp.test:5000', 'reg.corp.test', 443, false],
    ['10.1.2.3', '10.1.2.3', 443, true],
    ['10.1.2.3', '10.1.2.4', 443, false],
    ['10.0.0.0/8', '10.1.2.3', 443, true],
    ['10.0.0.0/8', '11.1.2.3', 443, false],
    ['::1', '[::1]', 443, true],
    ['[fd00::1]:5000', 'fd00::1', 5000, true],
    ['[fd00::1]:5000', 'fd00::1', 443, false],
    ['fd00::/8', 'fd00::1', 443, true],
    ['10.1.2.3', 'reg.corp.test', 443, false]
  ])('%s covers %s:%d: %s', (entry, host, port, want) => {
    expect(noProxyMatches(entry, host, port)).toBe(want);
  });
});

describe('proxyFor', () => {
  const https = new URL('https://reg.corp.test:5000/v2/');
  const http = new URL('http://reg.corp.test/v2/');

  test('HTTPS_PROXY for https URLs, HTTP_PROXY for http ones', () => {
    const c = env({ HTTPS_PROXY: 'http://p1:3128', HTTP_PROXY: 'http://p2:8080' });
    expect(proxyFor(https, c)?.name).toBe('p1:3128');
    expect(proxyFor(http, c)?.name).toBe('p2:8080');
    expect(proxyFor(http, env({ HTTPS_PROXY: 'http://p1:3128' }))).toBeUndefined();
  });

  test('uppercase wins over lowercase when both are set (as Go), for the proxy and NO_PROXY', () => {
    const c = env({ HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2' });
    expect(proxyFor(https, c)?.name).toBe('upper:1');
    expect(proxyFor(https, env({ https_proxy: 'http://lower:2' }))?.name).toBe('lower:2');
    const both = env({ HTTPS_PROXY: 'http://p:1', NO_PROXY: 'corp.test', no_proxy: 'other.test' });
    expect(proxyFor(https, both)).toBeUndefined();
    const lowerOnly = env({ HTTPS_PROXY: 'http://p:1', no_proxy: '*.corp.test' });
    expect(proxyFor(https, lowerOnly)).toBeUndefined();
  });

  test('a list with spaces and empty items; any entry that matches bypasses', () => {
    const c = env({ HTTPS_PROXY: 'http://p:1', NO_PROXY: ' example.com , ,.corp.test ' });
    expect(proxyFor(https, c)).toBeUndefined();
    expect(proxyFor(new URL('https://ghcr.io/v2/'), c)?.name).toBe('p:1');
  });

  test('loopback is never proxied', () => {
    const c = env({ HTTPS_PROXY: 'http://p:1', HTTP_PROXY: 'http://p:1' });
    for (const u of ['http://127.0.0.1:5000/', 'https://localhost/', 'http://[::1]:5000/'])
      expect(proxyFor(new URL(u), c)).toBeUndefined();
  });

  test('the default port of the scheme counts for host:port entries', () => {
    const c = env({ HTTPS_PROXY: 'http://p:1', NO_PROXY: 'ghcr.io:443' });
    expect(proxyFor(new URL('https://ghcr.io/v2/'), c)).toBeUndefined();
    expect(proxyFor(new URL('https://ghcr.io:8443/v2/'), c)?.name).toBe('p:1');
  });
});

describe('parseProxy', () => {
  test('credentials become an authorization, never part of the name', () => {
    const p = parseProxy('http://us%40er:p%3Ass@proxy.corp.test:3128');
    expect(p.name).toBe('proxy.corp.test:3128');
    expect(p.authorization).toBe(`Basic ${Buffer.from('us@er:p:ss').toString('base64')}`);
  });

  test('a bare host:port is plain HTTP; default ports by scheme', () => {
    expect(parseProxy('proxy:3128')).toMatchObject({ protocol: 'http:', hostname: 'proxy', port: 3128 });
    expect(parseProxy('http://proxy')).toMatchObject({ port: 80 });
    expect(parseProxy('https://proxy')).toMatchObject({ protocol: 'https:', port: 443 });
    expect(parseProxy('http://proxy').authorization).toBeUndefined();
  });

  test('another scheme is refused by name', () => {
    expect(() => parseProxy('socks5://proxy:1080')).toThrow(/socks5: is not supported/);
  });
});
