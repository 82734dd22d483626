/**
 * Requests to the targets started before the configs are read (issue "At the round-trip floor"):
 * within a registry, each child's blobs are mounted as soon as its manifest arrives, unless a
 * `platforms` check must pass first; across registries, the target is asked for each blob then.
 * Real distribution 2.8 behind a latency proxy whose request log shows what started when.
 */
import {
  MT,
  getManifest,
  headBlob,
  listTags,
  pushBuildxStyle,
  pushImage,
  type PushedImage
} from '../../harness/images';
import { startProxy, type Proxy, type ProxyRequest } from '../../harness/proxy';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { assertListComplete, commandLines, expectExit, type ListDoc } from '../../harness/checks';

let reg: TestRegistry;
let other: TestRegistry;
let p: Proxy; // in front of reg
let q: Proxy; // in front of other

beforeAll(async () => {
  [reg, other] = await Promise.all([startRegistry(), startRegistry()]);
  // 20 ms each way: a config GET lasts long enough for what starts beside it to be seen starting.
  [p, q] = await Promise.all([
    startProxy({ target: reg.url, rttMs: 40, handshakeRtts: 0 }),
    startProxy({ target: other.url, rttMs: 40, handshakeRtts: 0 })
  ]);
}, 30_000);

afterAll(async () => {
  await Promise.all([p?.stop(), q?.stop()]);
  await Promise.all([reg?.stop(), other?.stop()]);
});

const ARCHES = ['amd64', 'arm64', 's390x'];

async function pushSources(prefix: string): Promise<PushedImage[]> {
  return Promise.all(
    ARCHES.map((a) => pushImage(reg, `${prefix}/src-${a}`, 'v1', { architecture: a, layerSizes: [1024, 2048] }))
  );
}

const sourcesVia = (proxy: Proxy, prefix: string) =>
  ARCHES.map((a) => `${proxy.host}/${prefix}/src-${a}:v1`).join('\n');

/** When the configs had all been read (the plan can be made only then): the first GET of each. */
function configsDone(log: ProxyRequest[], images: PushedImage[]): number {
  const firsts = images.map((i) => log.find((r) => r.method === 'GET' && r.path.endsWith(`/blobs/${i.configDigest}`)));
  expect(firsts.every(Boolean)).toBe(true);
  return Math.max(...firsts.map((r) => r!.end!));
}

const mountsOf = (log: ProxyRequest[]) => log.filter((r) => r.method === 'POST' && r.path.includes('?mount='));

test('within a registry: every blob is mounted, each mount started before the configs were all read; the list is complete', async () => {
  const images = await pushSources('m1');
  p.reset();
  const r = await runAction({ tags: `${p.host}/m1/app:v1`, sources: sourcesVia(p, 'm1') });
  expectExit(r, 0);
  const done = configsDone(p.requests, images);
  const mounts = mountsOf(p.requests);
  // config + 2 layers per image, each mounted once, every one answered 201
  expect(mounts).toHaveLength(images.length * 3);
  expect(mounts.every((m) => m.status === 201)).toBe(true);
  for (const m of mounts) expect(m.start).toBeLessThan(done);
  await assertListComplete(reg, 'm1/app', JSON.parse((await getManifest(reg, 'm1/app', 'v1')).body) as ListDoc);
});

test('with `platforms`: no mount starts before every config has been read', async () => {
  const images = await pushSources('m2');
  p.reset();
  const r = await runAction({
    tags: `${p.host}/m2/app:v1`,
    sources: sourcesVia(p, 'm2'),
    platforms: ARCHES.map((a) => `linux/${a}`).join(',')
  });
  expectExit(r, 0);
  const done = configsDone(p.requests, images);
  const mounts = mountsOf(p.requests);
  expect(mounts).toHaveLength(images.length * 3);
  for (const m of mounts) expect(m.start).toBeGreaterThanOrEqual(done);
});

test('with `platforms` failing: not one blob of the sources is in the target repository', async () => {
  const images = await pushSources('m3');
  const r = await runAction({
    tags: `${p.host}/m3/app:v1`,
    sources: sourcesVia(p, 'm3'),
    platforms: 'linux/amd64,linux/arm64'
  });
  expectExit(r, 'nonzero');
  expect(commandLines(r.stdout, 'error')[0]).toContain('extra linux/s390x');
  for (const i of images)
    for (const b of [i.configDigest, ...i.layerDigests]) expect(await headBlob(reg, 'm3/app', b)).toBe(404);
});

test('a check failing after the early mounts (two sources for one platform): nothing is tagged and no child manifest is put', async () => {
  const [a, b] = await Promise.all([
    pushImage(reg, 'm4/src-a', 'v1', { architecture: 'amd64', layerSeed: 'm4-a' }),
    pushImage(reg, 'm4/src-b', 'v1', { architecture: 'amd64', layerSeed: 'm4-b' })
  ]);
  const r = await runAction({ tags: `${p.host}/m4/app:v1`, sources: `${p.host}/m4/src-a:v1\n${p.host}/m4/src-b:v1` });
  expectExit(r, 'nonzero');
  expect(await listTags(reg, 'm4/app')).toEqual([]);
  for (const i of [a, b]) expect((await getManifest(reg, 'm4/app', i.digest)).status).toBe(404);
});

test('attestations: drop asks the target nothing about an attestation, its blobs included', async () => {
  const amd = await pushBuildxStyle(reg, 'm5/src', 'amd64', { architecture: 'amd64' });
  p.reset();
  const r = await runAction({ tags: `${p.host}/m5/app:v1`, sources: `${p.host}/m5/src:amd64`, attestations: 'drop' });
  expectExit(r, 0);
  const toTarget = p.requests.filter((x) => x.path.startsWith('/v2/m5/app/'));
  const named = [amd.attestationDigest, amd.attestationLayerDigest, amd.attestationConfigDigest];
  expect(
    toTarget.filter((x) => named.some((d) => x.path.includes(d) || x.path.includes(encodeURIComponent(d))))
  ).toEqual([]);
  expect(toTarget.length).toBeGreaterThan(0);
  expect((await getManifest(reg, 'm5/app', amd.imageDigest)).status).toBe(200);
});

test('across registries: the target is asked for every blob before the configs are all read; blobs streamed, list complete', async () => {
  const images = await pushSources('m6');
  p.reset();
  q.reset();
  const r = await runAction({ tags: `${q.host}/m6/app:v1`, sources: sourcesVia(p, 'm6') });
  expectExit(r, 0);
  const done = configsDone(p.requests, images);
  const heads = q.requests.filter((x) => x.method === 'HEAD' && x.path.includes('/blobs/'));
  expect(heads).toHaveLength(images.length * 3);
  for (const h of heads) expect(h.start).toBeLessThan(done);
  expect(mountsOf(q.requests)).toEqual([]);
  const list = JSON.parse((await getManifest(other, 'm6/app', 'v1')).body) as ListDoc;
  expect(list.mediaType).toBe(MT.dockerList);
  await assertListComplete(other, 'm6/app', list);
});

test('across registries: each blob is read from the source while its upload session starts', async () => {
  const images = await pushSources('m7');
  p.reset();
  q.reset();
  const r = await runAction({ tags: `${q.host}/m7/app:v1`, sources: sourcesVia(p, 'm7') });
  expectExit(r, 0);
  const posts = q.requests.filter((x) => x.method === 'POST' && x.path.endsWith('/blobs/uploads/'));
  expect(posts).toHaveLength(images.length * 3);
  // Each blob's source GET (its last one: the config is read once before, for the plan) started before any upload session was answered.
  const firstPostDone = Math.min(...posts.map((x) => x.end!));
  for (const i of images) {
    for (const b of [i.configDigest, ...i.layerDigests]) {
      const gets = p.requests.filter((x) => x.method === 'GET' && x.path.endsWith(`/blobs/${b}`));
      expect(gets.length).toBeGreaterThan(0);
      expect(gets[gets.length - 1].start).toBeLessThan(firstPostDone);
    }
  }
  await assertListComplete(other, 'm7/app', JSON.parse((await getManifest(other, 'm7/app', 'v1')).body) as ListDoc);
});

test('many layers (more mounts than connections): every config read goes out before the mounts, not queued behind them', async () => {
  const images = await Promise.all(
    ARCHES.map((a) =>
      pushImage(reg, `m8/src-${a}`, 'v1', { architecture: a, layerSizes: Array.from({ length: 25 }, () => 16) })
    )
  );
  p.reset();
  const r = await runAction({
    tags: `${p.host}/m8/app:v1`,
    sources: ARCHES.map((a) => `${p.host}/m8/src-${a}:v1`).join('\n')
  });
  expectExit(r, 0);
  const mounts = mountsOf(p.requests);
  expect(mounts).toHaveLength(images.length * 26);
  const firstMountDone = Math.min(...mounts.map((m) => m.end!));
  for (const i of images) {
    const config = p.requests.find((x) => x.method === 'GET' && x.path.endsWith(`/blobs/${i.configDigest}`))!;
    expect(config.start).toBeLessThan(firstMountDone);
  }
  await assertListComplete(reg, 'm8/app', JSON.parse((await getManifest(reg, 'm8/app', 'v1')).body) as ListDoc);
});
