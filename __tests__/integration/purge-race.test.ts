/**
 * Issue #8, items 4 and 8, on real distribution 2.8 registries (dist/index.js run as the runner):
 * a source tag pushed again while purge works is left alone with a warning that says so (not
 * "the registry does not allow deleting tags"), and a local `docker manifest` list that purge did
 * remove is not reported next to "removed nothing". And a registry that refuses every DELETE with
 * 400 (not 405) gets no throwaway probe tag, which could not be removed again.
 *
 * The push lands mid-purge through a small forwarding proxy: on the first request of purge's
 * per-repository probe it pushes a new image under the source tag to the registry itself, then
 * forwards the request. The proxy stores nothing; the registry holds every byte.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getManifest, listTags, pushImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { assertListComplete, commandLines, expectExit, ref, type ListDoc } from '../../harness/checks';
import { startTrigger } from '../support/trigger-proxy';

let reg: TestRegistry; // storage.delete.enabled: true
let noDelete: TestRegistry; // storage.delete.enabled: false

beforeAll(async () => {
  [reg, noDelete] = await Promise.all([startRegistry(), startRegistry({ deleteEnabled: false })]);
}, 30_000);

afterAll(async () => {
  await Promise.all([reg?.stop(), noDelete?.stop()]);
});

test('a source tag pushed again while purge works is left alone, with a warning that says so; the others go', async () => {
  const amd = await pushImage(reg, 'r1/app', 'amd64', { architecture: 'amd64' });
  const arm = await pushImage(reg, 'r1/app', 'arm64', { architecture: 'arm64' });
  let again = '';
  // The matrix job for arm64 re-runs and pushes while purge probes the repository.
  const trigger = await startTrigger(reg, /fanin-purge-probe/, async () => {
    again = (await pushImage(reg, 'r1/app', 'arm64', { architecture: 'arm64' })).digest;
  });
  try {
    const via = { host: trigger.host };
    const armRef = ref(via, 'r1/app', 'arm64');
    const r = await runAction({
      tags: ref(via, 'r1/app', 'latest'),
      sources: `${ref(via, 'r1/app', 'amd64')}\n${armRef}`,
      purge: 'true'
    });
    expectExit(r, 0);
    expect(trigger.fired()).toBe(true);
    expect(again).not.toBe(arm.digest);

    // The new push survives, exactly as pushed; the other source tag is gone; no stray tag.
    expect((await getManifest(reg, 'r1/app', 'arm64')).digest).toBe(again);
    expect((await getManifest(reg, 'r1/app', 'amd64')).status).toBe(404);
    expect((await listTags(reg, 'r1/app')).sort()).toEqual(['arm64', 'latest']);

    // One warning for it, with the right reason and both digests; none says deletes are refused.
    const warnings = commandLines(r.stdout, 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(armRef);
    expect(warnings[0]).toContain(`it now points to ${again}, not ${arm.digest}`);
    expect(warnings[0]).toContain('pushed again');
    expect(r.stdout).not.toMatch(/does not allow deleting/);
    expect(r.stdout).toContain(`purge: removed ${ref(via, 'r1/app', 'amd64')}; left ${armRef} in place`);

    // The list holds the digests it was built from, all present in the repository.
    const list = JSON.parse((await getManifest(reg, 'r1/app', 'latest')).body) as ListDoc;
    expect(list.manifests.map((d) => d.digest)).toEqual([amd.digest, arm.digest]);
    await assertListComplete(reg, 'r1/app', list);
  } finally {
    await trigger.stop();
  }
});

test('a removed local list is reported as removed, not next to "removed nothing"', async () => {
  await pushImage(noDelete, 'r2/app', 'amd64', { architecture: 'amd64' });
  const latest = ref(noDelete, 'r2/app', 'latest');
  const dockerConfig = fs.mkdtempSync(path.join(noDelete.dir, 'r2-docker-config-'));
  // What `docker manifest create LATEST SOURCE` leaves: $DOCKER_CONFIG/manifests/<ref, ':' → '-', '/' → '_'>/<source>.
  const listDir = path.join(dockerConfig, 'manifests', latest.replace(/:/g, '-').replace(/\//g, '_'));
  fs.mkdirSync(listDir, { recursive: true });
  fs.writeFileSync(path.join(listDir, 'source'), '{}');

  const r = await runAction(
    { tags: latest, sources: ref(noDelete, 'r2/app', 'amd64'), purge: 'true' },
    { dockerConfig }
  );
  expectExit(r, 0);
  expect(fs.existsSync(listDir)).toBe(false);
  const line = r.stdout.split('\n').find((l) => l.startsWith('purge: '));
  expect(line).toBe(
    `purge: removed no source tag; left ${ref(noDelete, 'r2/app', 'amd64')} in place; removed the local list ${listDir}`
  );
  expect(r.stdout).not.toMatch(/removed nothing/);
  // The tag stays, with the registry's real reason.
  const warnings = commandLines(r.stdout, 'warning');
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain('does not allow deleting tags or manifests (DELETE answered HTTP 405');
  expect(r.summary).toContain('Removed local lists:');
});

test('a registry that refuses every DELETE with 400: warned, succeeded, and no throwaway tag written', async () => {
  await pushImage(reg, 'r3/app', 'amd64', { architecture: 'amd64' });
  const unsupported = JSON.stringify({ errors: [{ code: 'UNSUPPORTED', message: 'The operation is unsupported.' }] });
  const refuser = await startTrigger(
    reg,
    /^$/,
    async () => undefined,
    (method) => (method === 'DELETE' ? { status: 400, body: unsupported } : undefined)
  );
  try {
    const via = { host: refuser.host };
    const amdRef = ref(via, 'r3/app', 'amd64');
    const r = await runAction({ tags: ref(via, 'r3/app', 'latest'), sources: amdRef, purge: 'true' });
    expectExit(r, 0);
    const warnings = commandLines(r.stdout, 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      `${amdRef} left in place: ${refuser.host} deletes neither tags (HTTP 400 UNSUPPORTED`
    );
    expect((await listTags(reg, 'r3/app')).sort()).toEqual(['amd64', 'latest']);
  } finally {
    await refuser.stop();
  }
});
