/**
 * An interrupted run (SIGINT, SIGTERM: how GitHub cancels a job, and Ctrl-C) says in one line what
 * it was doing and what it tagged, and exits non-zero. The signal is sent to the running bundle
 * (dist/cli/index.js, dist/index.js) at a moment a slow proxy in front of a real registry holds
 * open: while a blob uploads, and between the two tags of one repository.
 */
import { type ChildProcess } from 'node:child_process';
import { getManifest, pushImage } from '../../harness/images';
import { type Proxy, startProxy } from '../../harness/proxy';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction, runCli } from '../../harness/run-action';

let src: TestRegistry;
let dst: TestRegistry;
let proxy: Proxy;
beforeAll(async () => {
  [src, dst] = await Promise.all([startRegistry(), startRegistry()]);
  // Every request and response waits: the run stays in each phase long enough to be caught there.
  proxy = await startProxy({ target: dst.url, delayMs: 250 });
  await pushImage(src, 'int/app', 'amd64', { architecture: 'amd64', layerSizes: [4 << 20] });
  await pushImage(dst, 'int/app', 'arm64', { architecture: 'arm64' });
}, 60_000);
afterAll(async () => {
  await proxy?.stop();
  await Promise.all([src?.stop(), dst?.stop()]);
});

/** Send `signal` to the child as soon as the proxy has seen a request that `when` matches. */
function signalWhen(signal: NodeJS.Signals, when: (r: Proxy['requests'][number]) => boolean) {
  return (child: ChildProcess) => {
    const timer = setInterval(() => {
      if (proxy.requests.some(when)) {
        clearInterval(timer);
        child.kill(signal);
      }
    }, 10);
    child.on('close', () => clearInterval(timer));
  };
}

test('CLI, SIGTERM while a blob uploads: one line, nothing tagged, exit 143', async () => {
  proxy.reset();
  const target = `${proxy.host}/int/app:cancelled`;
  const r = await runCli([target, `${src.host}/int/app:amd64`], {
    env: { CI: '' },
    onSpawn: signalWhen('SIGTERM', (q) => q.method === 'POST' && q.path.includes('/blobs/uploads/'))
  });
  expect(r.code).toBe(143);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines[lines.length - 1]).toBe(
    'error: interrupted by SIGTERM during "Copy children into target repositories": nothing was tagged (blobs and manifests copied so far stay untagged)'
  );
  expect(lines.filter((l) => l.startsWith('error:'))).toHaveLength(1);
  expect(r.stdout).toBe('');
  expect((await getManifest(dst, 'int/app', 'cancelled')).status).toBe(404);
});

test('action, SIGINT between the tags of one repository: names the tag already written, exit 130', async () => {
  proxy.reset();
  const [t1, t2] = [`${proxy.host}/int/app:first`, `${proxy.host}/int/app:second`];
  const r = await runAction(
    { tags: `${t1}\n${t2}`, sources: `${proxy.host}/int/app:arm64` },
    {
      env: { CI: '' },
      onSpawn: signalWhen(
        'SIGINT',
        (q) => q.method === 'PUT' && q.path.endsWith('/manifests/first') && q.status === 201
      )
    }
  );
  expect(r.code).toBe(130);
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines[lines.length - 1]).toBe(
    `::error::interrupted by SIGINT during "Push the list": already tagged with the new list: ${t1}; no other tag was confirmed`
  );
  expect((await getManifest(dst, 'int/app', 'first')).status).toBe(200);
});

test('CLI, SIGINT on a dry run: says nothing was written', async () => {
  proxy.reset();
  const r = await runCli(['--dry-run', `${proxy.host}/int/app:dry`, `${proxy.host}/int/app:arm64`], {
    env: { CI: '' },
    onSpawn: signalWhen('SIGINT', (q) => q.path.includes('/manifests/arm64'))
  });
  expect(r.code).toBe(130);
  expect(r.stderr.trimEnd().split('\n').pop()).toMatch(
    /^error: interrupted by SIGINT during ".*": a dry run, nothing was written$/
  );
});
