/**
 * The GitHub Packages client behind a proxy, as dist/index.js runs it. Octokit and undici come in
 * a chunk of their own (src/registry/octokit.ts; the rest of the bundle sees src/util/lazy-undici.ts
 * as undici), and @actions/github makes an undici ProxyAgent as it loads when HTTPS_PROXY is set:
 * undici must be handed over before that. The proxy here records the CONNECT and refuses it (there
 * is no api.github.com to reach); what matters is that the API calls went to it, and that no
 * internal error surfaced.
 */
import net from 'node:net';
import crypto from 'node:crypto';
import { pushImage } from '../../harness/images';
import { startPersonality } from '../../harness/personalities';
import { startRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { ref } from '../../harness/checks';

test('behind HTTPS_PROXY, GHCR clean-up sends its API calls through the proxy (undici is there when @actions/github loads)', async () => {
  const connects: string[] = [];
  const proxy = net.createServer((s) => {
    s.once('data', (d) => {
      connects.push(d.toString('latin1').split('\r\n')[0]);
      s.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const reg = await startRegistry();
  const p = await startPersonality(reg, 'ghcr');
  try {
    await pushImage(reg, 'octo-org/app', 'amd64', { architecture: 'amd64' });
    const r = await runAction(
      {
        purge: 'true',
        'github-token': `ghs_${crypto.randomBytes(18).toString('hex')}`,
        tags: ref(p, 'octo-org/app', 'latest'),
        sources: ref(p, 'octo-org/app', 'amd64')
      },
      {
        env: {
          // The runner's value: not a loopback host, so the proxy is used (loopback bypasses it).
          GITHUB_API_URL: 'https://api.github.com',
          HTTPS_PROXY: `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`,
          NO_PROXY: '127.0.0.1,localhost',
          FANIN_GITHUB_PACKAGES_REGISTRIES: p.host
        }
      }
    );
    const out = `${r.stdout}\n${r.stderr}`;
    expect(out).not.toMatch(/internal error|undici was used/);
    expect(connects.length).toBeGreaterThan(0);
    expect(connects.every((c) => c.startsWith('CONNECT api.github.com:443 '))).toBe(true);
  } finally {
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    await p.stop();
    await reg.stop();
  }
});
