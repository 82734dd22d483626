/**
 * Issue #3, purge, on real distribution 2.8 registries: exactly the source tags go (matrix-style
 * per-arch tags in the target repository and in another one), nothing else — not a source given
 * by digest, not a tag that is also a target, not another tag on the same digest, not any
 * digest the list references — plus the local list `docker manifest create` left for a target.
 * And the warning path on a registry whose deletes are disabled.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { MT, getManifest, listTags, pushImage, putManifest } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { hasCommand } from '../../harness/tools';
import { assertListComplete, commandLines, expectExit, ref, type ListDoc } from '../../harness/checks';

const execFileP = promisify(execFile);

let reg: TestRegistry; // storage.delete.enabled: true
let noDelete: TestRegistry; // storage.delete.enabled: false

beforeAll(async () => {
  [reg, noDelete] = await Promise.all([startRegistry(), startRegistry({ deleteEnabled: false })]);
}, 30_000);

afterAll(async () => {
  await Promise.all([reg?.stop(), noDelete?.stop()]);
});

/** docker CLI's file name for a reference under $DOCKER_CONFIG/manifests (':' → '-', '/' → '_'). */
const fileSafe = (s: string) => s.replace(/:/g, '-').replace(/\//g, '_');

test('purge removes exactly the source tags; every child still resolves; the docker manifest local list goes', async () => {
  const amd = await pushImage(reg, 'f9/app', 'amd64', { architecture: 'amd64' }); // per-arch tag, target repo
  const arm = await pushImage(reg, 'f9/other', 'arm64', { architecture: 'arm64' }); // per-arch tag, other repo
  await putManifest(reg, 'f9/other', 'keep-me', arm.mediaType, arm.manifest); // another tag, same digest
  const s390 = await pushImage(reg, 'f9/app', 's390x-keep', { architecture: 's390x' }); // given by digest
  const ppc = await pushImage(reg, 'f9/app', 'edge', { architecture: 'ppc64le' }); // source tag that is also a target

  const latest = ref(reg, 'f9/app', 'latest');
  const dockerConfig = path.join(reg.dir, 'f9-docker-config');
  fs.mkdirSync(dockerConfig, { recursive: true });
  const targetList = path.join(dockerConfig, 'manifests', fileSafe(latest));
  const unrelatedList = path.join(dockerConfig, 'manifests', fileSafe(ref(reg, 'f9/app', 'unrelated')));
  let dockerNote = '';
  if (hasCommand('docker')) {
    // The real thing: `docker manifest create` writes $DOCKER_CONFIG/manifests/<target>/<source>.
    const env = { ...process.env, DOCKER_CONFIG: dockerConfig };
    await execFileP('docker', ['manifest', 'create', '--insecure', latest, ref(reg, 'f9/app', 'amd64')], { env });
    await execFileP(
      'docker',
      ['manifest', 'create', '--insecure', ref(reg, 'f9/app', 'unrelated'), ref(reg, 'f9/app', 'amd64')],
      { env }
    );
    expect(fs.existsSync(targetList)).toBe(true);
    expect(fs.existsSync(unrelatedList)).toBe(true);
  } else {
    dockerNote = 'docker CLI not found: the $DOCKER_CONFIG/manifests assertion is skipped';
    console.log(dockerNote);
  }

  const r = await runAction(
    {
      tags: `${latest}\n${ref(reg, 'f9/app', 'edge')}`,
      sources: [
        ref(reg, 'f9/app', 'amd64'),
        ref(reg, 'f9/other', 'arm64'),
        ref(reg, 'f9/app', s390.digest),
        ref(reg, 'f9/app', 'edge')
      ].join('\n'),
      purge: 'true'
    },
    { dockerConfig }
  );
  expectExit(r, 0);
  expect(commandLines(r.stdout, 'warning')).toEqual([]);
  expect(r.outputs.platforms).toBe('linux/amd64,linux/arm64,linux/s390x,linux/ppc64le');

  // Per-arch tags gone; the digest-given source's tag, the target tags and the other tag on the
  // purged digest all stay; no throwaway tag is left anywhere.
  expect((await listTags(reg, 'f9/app')).sort()).toEqual(['edge', 'latest', 's390x-keep']);
  expect(await listTags(reg, 'f9/other')).toEqual(['keep-me']);
  expect((await getManifest(reg, 'f9/app', 'amd64')).status).toBe(404);
  expect((await getManifest(reg, 'f9/other', 'arm64')).status).toBe(404);
  expect((await getManifest(reg, 'f9/other', 'keep-me')).digest).toBe(arm.digest);
  expect((await getManifest(reg, 'f9/app', 's390x-keep')).digest).toBe(s390.digest);

  // Both targets resolve to the list; every child (and blob) resolves in the target repository.
  for (const tag of ['latest', 'edge']) {
    const got = await getManifest(reg, 'f9/app', tag);
    expect([tag, got.status, got.digest]).toEqual([tag, 200, r.outputs.digest]);
  }
  const list = JSON.parse((await getManifest(reg, 'f9/app', 'latest')).body) as ListDoc;
  expect(list.mediaType).toBe(MT.dockerList);
  expect(list.manifests.map((d) => d.digest)).toEqual([amd.digest, arm.digest, s390.digest, ppc.digest]);
  await assertListComplete(reg, 'f9/app', list);
  // The purged tag's digest also still resolves where it came from.
  expect((await getManifest(reg, 'f9/other', arm.digest)).status).toBe(200);

  if (!dockerNote) {
    expect(fs.existsSync(targetList)).toBe(false);
    expect(fs.existsSync(unrelatedList)).toBe(true);
  }
});

test('purge on a registry that refuses deletes: warns naming the tags left, succeeds, changes no tag', async () => {
  const amd = await pushImage(noDelete, 'f10/app', 'amd64', { architecture: 'amd64' });
  const arm = await pushImage(noDelete, 'f10/other', 'arm64', { architecture: 'arm64' });
  const amdRef = ref(noDelete, 'f10/app', 'amd64');
  const armRef = ref(noDelete, 'f10/other', 'arm64');
  const r = await runAction({
    tags: ref(noDelete, 'f10/app', 'latest'),
    sources: `${amdRef}\n${armRef}`,
    purge: 'true'
  });
  expectExit(r, 0);
  expect(r.outputs.digest).toMatch(/^sha256:[a-f0-9]{64}$/);

  const warnings = commandLines(r.stdout, 'warning');
  const purgeWarnings = warnings.filter((w) => w.includes(amdRef) || w.includes(armRef));
  expect(purgeWarnings).toHaveLength(1);
  expect(purgeWarnings[0]).toContain(amdRef);
  expect(purgeWarnings[0]).toContain(armRef);

  // The source tags are still there, on their original digests; the list is pushed; no stray tag.
  expect((await getManifest(noDelete, 'f10/app', 'amd64')).digest).toBe(amd.digest);
  expect((await getManifest(noDelete, 'f10/other', 'arm64')).digest).toBe(arm.digest);
  expect((await getManifest(noDelete, 'f10/app', 'latest')).digest).toBe(r.outputs.digest);
  expect((await listTags(noDelete, 'f10/app')).sort()).toEqual(['amd64', 'latest']);
  expect(await listTags(noDelete, 'f10/other')).toEqual(['arm64']);
  await assertListComplete(noDelete, 'f10/app', JSON.parse((await getManifest(noDelete, 'f10/app', 'latest')).body));
});
