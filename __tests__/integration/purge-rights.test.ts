/**
 * Purge with token auth on real distribution 2.8 registries: credentials whose tokens carry no
 * `delete` get a warning that names the tags left and says why, the run succeeds, and nothing is
 * written (no throwaway probe tag); with `delete` granted the tags go.
 */
import path from 'node:path';
import { getManifest, listTags, pushImage } from '../../harness/images';
import { basicAuthEntry, writeDockerConfig } from '../../harness/docker-config';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { assertListComplete, commandLines, expectExit, ref, type ListDoc } from '../../harness/checks';

let noDeleteGrant: TestRegistry;
let deleteGrant: TestRegistry;

beforeAll(async () => {
  [noDeleteGrant, deleteGrant] = await Promise.all([
    startRegistry({ tokenAuth: true, tokenGrant: (_user, scope) => scope.actions.filter((a) => a !== 'delete') }),
    startRegistry({ tokenAuth: true })
  ]);
}, 30_000);

afterAll(async () => {
  await Promise.all([noDeleteGrant?.stop(), deleteGrant?.stop()]);
});

const login = (reg: TestRegistry, name: string) =>
  writeDockerConfig(path.join(reg.dir, name), { auths: { [reg.host]: basicAuthEntry(reg.user!, reg.password!) } });

test('tokens without delete: one warning naming the tags and the reason, success, nothing written by purge', async () => {
  const reg = noDeleteGrant;
  const amd = await pushImage(reg, 'tk/app', 'amd64', { architecture: 'amd64' });
  const arm = await pushImage(reg, 'tk/app', 'arm64', { architecture: 'arm64' });
  const amdRef = ref(reg, 'tk/app', 'amd64');
  const armRef = ref(reg, 'tk/app', 'arm64');
  const r = await runAction(
    { tags: ref(reg, 'tk/app', 'latest'), sources: `${amdRef}\n${armRef}`, purge: 'true' },
    { dockerConfig: login(reg, 'cfg-1') }
  );
  expectExit(r, 0);
  const warnings = commandLines(r.stdout, 'warning');
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain(
    `${amdRef}, ${armRef} left in place: ${reg.host} refused these credentials a delete (HTTP 401`
  );
  expect((await getManifest(reg, 'tk/app', 'amd64')).digest).toBe(amd.digest);
  expect((await getManifest(reg, 'tk/app', 'arm64')).digest).toBe(arm.digest);
  expect((await listTags(reg, 'tk/app')).sort()).toEqual(['amd64', 'arm64', 'latest']);
  expect(r.summary).toContain('the credentials may not delete');
});

test('tokens with delete: the source tags go, the list is complete', async () => {
  const reg = deleteGrant;
  await pushImage(reg, 'tk/app', 'amd64', { architecture: 'amd64' });
  await pushImage(reg, 'tk/app', 'arm64', { architecture: 'arm64' });
  const r = await runAction(
    {
      tags: ref(reg, 'tk/app', 'latest'),
      sources: `${ref(reg, 'tk/app', 'amd64')}\n${ref(reg, 'tk/app', 'arm64')}`,
      purge: 'true'
    },
    { dockerConfig: login(reg, 'cfg-2') }
  );
  expectExit(r, 0);
  expect(commandLines(r.stdout, 'warning')).toEqual([]);
  expect(await listTags(reg, 'tk/app')).toEqual(['latest']);
  await assertListComplete(reg, 'tk/app', JSON.parse((await getManifest(reg, 'tk/app', 'latest')).body) as ListDoc);
  // The password never reaches the output.
  expect(r.stdout.split('\n').filter((l) => l.includes(reg.password!) && !l.startsWith('::add-mask::'))).toEqual([]);
});
