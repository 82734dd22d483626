/**
 * Issue 20.1 ("Tags in v3") on real distribution 2.8 registries: several tags of one repository in
 * one PUT by digest with every tag as `?tag=`, where the registry takes them (the `multitag`
 * personality: distribution-spec "Pushing Manifests", OCI-Tag answers as the spec's example), and
 * each fallback to one PUT per tag: a registry that ignores the parameter (distribution 2.8 itself),
 * a 414 past the registry's tag count, a 431 or 400, a tag the answer does not name. Every tag ends
 * on the list's digest, and a re-run writes nothing. The debug log says which way each repository took.
 */
import { getManifest, pushImage } from '../../harness/images';
import { startPersonality, type Personality, type PersonalityOptions } from '../../harness/personalities';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { expectExit, ref } from '../../harness/checks';

const TAGS = ['1.2.3', '1.2', '1', 'latest'];
const started: Array<{ stop(): Promise<void> }> = [];

afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
});

/** The manifest PUTs the action sent to `repo` (its debug log: "PUT <url> → <status>"). */
function manifestPuts(stdout: string, repo: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('::debug::PUT ') && l.includes(`/v2/${repo}/manifests/`))
    .map((l) => l.slice(l.indexOf(`/v2/${repo}/manifests/`) + `/v2/${repo}/manifests/`.length));
}

const debugLines = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('::debug::'));

/** A registry (behind a multitag personality when options are given) with two images in `repo`. */
async function setup(repo: string, opts?: PersonalityOptions) {
  const reg = await startRegistry();
  started.push(reg);
  let p: Personality | undefined;
  if (opts) {
    p = await startPersonality(reg, 'multitag', opts);
    started.push(p);
  }
  const amd = await pushImage(reg, repo, undefined, { architecture: 'amd64' });
  const arm = await pushImage(reg, repo, undefined, { architecture: 'arm64' });
  const via = p ?? reg;
  // Sources in the target repository itself: the only manifest PUTs there are the list's.
  const inputs = {
    tags: TAGS.map((t) => ref(via, repo, t)).join('\n'),
    sources: `${ref(via, repo, amd.digest)}\n${ref(via, repo, arm.digest)}`
  };
  const run = () => runAction(inputs, { env: { RUNNER_DEBUG: '1' } });
  return { reg, p, run };
}

async function expectTagsOn(reg: TestRegistry, repo: string, digest: string): Promise<void> {
  for (const t of TAGS) expect([t, (await getManifest(reg, repo, t)).digest]).toEqual([t, digest]);
}

test('a registry that takes ?tag= gets the list once with every tag; a re-run writes nothing', async () => {
  const repo = 'mt1/app';
  const { reg, run } = await setup(repo, {});
  const r = await run();
  expectExit(r, 0);
  const digest = r.outputs.digest;
  expect(manifestPuts(r.stdout, repo)).toEqual([`${digest}?tag=1.2.3&tag=1.2&tag=1&tag=latest → 201`]);
  expect(debugLines(r.stdout).join('\n')).toContain(`/${repo}: 4 tags in one PUT (the registry named each in OCI-Tag)`);
  await expectTagsOn(reg, repo, digest);

  const again = await run();
  expectExit(again, 0);
  expect(again.outputs.digest).toBe(digest);
  expect(manifestPuts(again.stdout, repo)).toEqual([]);
  expect(debugLines(again.stdout).join('\n')).toContain(`/${repo}: every tag already holds the list: nothing written`);
}, 60_000);

test('distribution 2.8 ignores ?tag= (201, no OCI-Tag): one PUT per tag follows; a re-run writes nothing', async () => {
  const repo = 'mt2/app';
  const { reg, run } = await setup(repo);
  const r = await run();
  expectExit(r, 0);
  const digest = r.outputs.digest;
  expect(manifestPuts(r.stdout, repo)).toEqual([
    `${digest}?tag=1.2.3&tag=1.2&tag=1&tag=latest → 201`,
    ...TAGS.map((t) => `${t} → 201`)
  ]);
  expect(debugLines(r.stdout).join('\n')).toContain(
    `/${repo}: the registry ignored the 4 ?tag= parameters (no OCI-Tag): one PUT per tag`
  );
  await expectTagsOn(reg, repo, digest);

  const again = await run();
  expectExit(again, 0);
  expect(manifestPuts(again.stdout, repo)).toEqual([]);
}, 60_000);

test.each([
  [414, { maxTags: 3 }],
  [431, { refuseTagsWith: 431 }],
  [400, { refuseTagsWith: 400 }]
] as const)(
  'a %s answer to several tags: one PUT per tag',
  async (status, opts) => {
    const repo = `mt-${status}/app`;
    const { reg, run } = await setup(repo, opts);
    const r = await run();
    expectExit(r, 0);
    const digest = r.outputs.digest;
    expect(manifestPuts(r.stdout, repo)).toEqual([
      `${digest}?tag=1.2.3&tag=1.2&tag=1&tag=latest → ${status}`,
      ...TAGS.map((t) => `${t} → 201`)
    ]);
    expect(debugLines(r.stdout).join('\n')).toContain(
      `/${repo}: 4 tags in one PUT refused (HTTP ${status}): one PUT per tag`
    );
    await expectTagsOn(reg, repo, digest);
  },
  60_000
);

test('a tag the answer does not name is put on its own', async () => {
  const repo = 'mt3/app';
  const { reg, run } = await setup(repo, { unnamedTags: ['1'] });
  const r = await run();
  expectExit(r, 0);
  const digest = r.outputs.digest;
  expect(manifestPuts(r.stdout, repo)).toEqual([`${digest}?tag=1.2.3&tag=1.2&tag=1&tag=latest → 201`, `1 → 201`]);
  expect(debugLines(r.stdout).join('\n')).toContain(`/${repo}: OCI-Tag named 3 of 4 tags: one PUT per tag for 1`);
  await expectTagsOn(reg, repo, digest);
}, 60_000);
