/**
 * Issue 11 item 4, `referrers: true`, on real distribution 2.8 registries (no referrers API, no
 * OCI-Subject header): referrers found through the source's `sha256-<hex>` fallback tag index
 * and cosign's `.sig`/`.att`/`.sbom` tags are copied into every target repository, the cosign
 * tags under the same names, and the target's fallback tag index is created or extended, keeping
 * what it already lists. Without the flag nothing changes and no extra request is made.
 */
import { getManifest, headBlob, listTags, pushImage, type Descriptor } from '../../harness/images';
import {
  addToFallbackIndex,
  fallbackTagOf,
  pushArtifact,
  pushBuildkitArtifactStyle,
  pushCosignTag,
  pushSigstoreSignature,
  type PushedManifest
} from '../../harness/artifacts';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { startProxy, type Proxy } from '../../harness/proxy';
import { startOci11Proxy } from '../../harness/oci11-proxy';
import { runAction } from '../../harness/run-action';
import { assertListComplete, expectExit, ref, type ListDoc } from '../../harness/checks';

let a: TestRegistry; // source
let c: TestRegistry; // another registry

beforeAll(async () => {
  [a, c] = await Promise.all([startRegistry(), startRegistry()]);
}, 30_000);

afterAll(async () => {
  await Promise.all([a?.stop(), c?.stop()]);
});

const SIGSTORE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const SPDX = 'application/spdx+json';

async function signature(
  reg: TestRegistry,
  repo: string,
  subject: { mediaType: string; digest: string; size: number },
  note: string
): Promise<PushedManifest> {
  return pushArtifact(reg, repo, {
    artifactType: SIGSTORE,
    layerType: SIGSTORE,
    content: JSON.stringify({ note, subject: subject.digest }),
    subject,
    annotations: { 'org.opencontainers.image.created': '2026-01-01T00:00:00Z' }
  });
}

/** The manifest and each of its blobs are in reg/repo. */
async function expectCopied(reg: TestRegistry, repo: string, m: PushedManifest): Promise<void> {
  const got = await getManifest(reg, repo, m.digest);
  expect([repo, m.digest, got.status]).toEqual([repo, m.digest, 200]);
  expect(got.body).toBe(m.manifest);
  for (const b of m.blobs) expect([repo, b, await headBlob(reg, repo, b)]).toEqual([repo, b, 200]);
}

type Listed = Descriptor & { artifactType?: string };

async function fallbackIndex(reg: TestRegistry, repo: string, subject: string): Promise<Listed[] | undefined> {
  const got = await getManifest(reg, repo, fallbackTagOf(subject));
  return got.status === 200 ? (JSON.parse(got.body) as { manifests: Listed[] }).manifests : undefined;
}

test('referrers through the fallback tag index and cosign tags reach every target repository; a re-run writes nothing new', async () => {
  const amd = await pushImage(a, 'r1/src', 'amd64', { architecture: 'amd64', format: 'oci' });
  const arm = await pushImage(a, 'r1/src', 'arm64', { architecture: 'arm64', format: 'oci' });
  const sig = await signature(a, 'r1/src', amd, 'r1 amd64');
  await addToFallbackIndex(a, 'r1/src', amd.digest, sig, SIGSTORE);
  const sbom = await pushArtifact(a, 'r1/src', {
    artifactType: SPDX,
    layerType: SPDX,
    content: '{"spdxVersion":"SPDX-2.3","name":"r1"}',
    subject: arm
  });
  await addToFallbackIndex(a, 'r1/src', arm.digest, sbom, SPDX);
  // A signature of the SBOM: a referrer of a referrer.
  const sbomSig = await signature(a, 'r1/src', sbom, 'r1 sbom');
  await addToFallbackIndex(a, 'r1/src', sbom.digest, sbomSig, SIGSTORE);
  const cosignSig = await pushCosignTag(a, 'r1/src', amd.digest, 'sig');
  const cosignAtt = await pushCosignTag(a, 'r1/src', arm.digest, 'att');
  const cosignSbom = await pushCosignTag(a, 'r1/src', arm.digest, 'sbom');

  const inputs = {
    tags: `${ref(a, 'r1/app', 'v1')}\n${ref(c, 'r1/app', 'v1')}`,
    sources: `${ref(a, 'r1/src', 'amd64')}\n${ref(a, 'r1/src', 'arm64')}`,
    referrers: 'true'
  };
  const r = await runAction(inputs);
  expectExit(r, 0);
  for (const reg of [a, c]) {
    const list = JSON.parse((await getManifest(reg, 'r1/app', 'v1')).body) as ListDoc;
    expect(list.manifests.map((d) => d.digest)).toEqual([amd.digest, arm.digest]);
    await assertListComplete(reg, 'r1/app', list);
    for (const m of [sig, sbom, sbomSig, cosignSig, cosignAtt, cosignSbom]) await expectCopied(reg, 'r1/app', m);
    // cosign's tags under the same names, on the same digests.
    expect((await getManifest(reg, 'r1/app', `${fallbackTagOf(amd.digest)}.sig`)).digest).toBe(cosignSig.digest);
    expect((await getManifest(reg, 'r1/app', `${fallbackTagOf(arm.digest)}.att`)).digest).toBe(cosignAtt.digest);
    expect((await getManifest(reg, 'r1/app', `${fallbackTagOf(arm.digest)}.sbom`)).digest).toBe(cosignSbom.digest);
    // The target has no referrers API: its fallback tag indexes list the OCI referrers.
    expect(await fallbackIndex(reg, 'r1/app', amd.digest)).toEqual([
      {
        mediaType: sig.mediaType,
        digest: sig.digest,
        size: sig.size,
        artifactType: SIGSTORE,
        annotations: { 'org.opencontainers.image.created': '2026-01-01T00:00:00Z' }
      }
    ]);
    expect(await fallbackIndex(reg, 'r1/app', arm.digest)).toEqual([
      { mediaType: sbom.mediaType, digest: sbom.digest, size: sbom.size, artifactType: SPDX }
    ]);
    expect((await fallbackIndex(reg, 'r1/app', sbom.digest))?.map((d) => d.digest)).toEqual([sbomSig.digest]);
  }
  // Six referrers into two repositories; the children line counts only the list's children.
  expect(r.stdout).toMatch(/referrers: 12 copied; 6 fallback tag index\(es\) written/);
  expect(r.stdout).toMatch(/^4 manifest\(s\) copied/m);
  expect(r.summary).toContain(
    '**Referrers:** 12 signatures, SBOMs or other referrers copied, 6 fallback tag indexes written.'
  );

  const before = await getManifest(c, 'r1/app', fallbackTagOf(amd.digest));
  const again = await runAction(inputs);
  expectExit(again, 0);
  expect(again.stdout).toMatch(/referrers: 0 copied; 0 fallback tag index\(es\) written/);
  expect((await getManifest(c, 'r1/app', fallbackTagOf(amd.digest))).digest).toBe(before.digest);
});

test('a target whose fallback tag index already lists another referrer keeps it and gains ours', async () => {
  const amd = await pushImage(a, 'r2/src', 'amd64', { architecture: 'amd64', format: 'oci' });
  const sig = await signature(a, 'r2/src', amd, 'r2 ours');
  await addToFallbackIndex(a, 'r2/src', amd.digest, sig, SIGSTORE);
  // Another tool already put its own referrer of the same image into the target.
  const theirs = await pushArtifact(c, 'r2/app', {
    artifactType: SPDX,
    layerType: SPDX,
    content: '{"spdxVersion":"SPDX-2.3","name":"theirs"}',
    subject: amd
  });
  await addToFallbackIndex(c, 'r2/app', amd.digest, theirs, SPDX);

  const r = await runAction({ tags: ref(c, 'r2/app', 'v1'), sources: ref(a, 'r2/src', 'amd64'), referrers: 'true' });
  expectExit(r, 0);
  await expectCopied(c, 'r2/app', sig);
  expect((await fallbackIndex(c, 'r2/app', amd.digest))?.map((d) => [d.digest, d.artifactType])).toEqual([
    [theirs.digest, SPDX],
    [sig.digest, SIGSTORE]
  ]);
  expect((await getManifest(c, 'r2/app', theirs.digest)).status).toBe(200);
});

test('a promoted index brings what refers to the index itself (cosign signs the index digest), after it is tagged', async () => {
  const idx = await pushBuildkitArtifactStyle(a, 'r4/src', 'v1', { architecture: 'amd64' });
  const indexSubject = { mediaType: idx.mediaType, digest: idx.digest, size: idx.size };
  const cosignSig = await pushCosignTag(a, 'r4/src', idx.digest, 'sig');
  const sig = await signature(a, 'r4/src', indexSubject, 'r4 index');
  await addToFallbackIndex(a, 'r4/src', idx.digest, sig, SIGSTORE);
  const r = await runAction({ tags: ref(c, 'r4/app', 'v1'), sources: ref(a, 'r4/src', 'v1'), referrers: 'true' });
  expectExit(r, 0);
  expect(r.outputs.digest).toBe(idx.digest);
  await assertListComplete(c, 'r4/app', JSON.parse((await getManifest(c, 'r4/app', 'v1')).body) as ListDoc);
  await expectCopied(c, 'r4/app', cosignSig);
  await expectCopied(c, 'r4/app', sig);
  expect((await getManifest(c, 'r4/app', `${fallbackTagOf(idx.digest)}.sig`)).digest).toBe(cosignSig.digest);
  expect((await fallbackIndex(c, 'r4/app', idx.digest))?.map((d) => d.digest)).toEqual([sig.digest]);
  expect(r.stdout).toContain(`referrers of ${idx.digest}: 2 copied`);
});

test("OCI 1.1 registries: referrers come from the source's referrers API; a target that indexes them itself (OCI-Subject) gets no fallback tag", async () => {
  const pa = await startOci11Proxy(a.url);
  const pc = await startOci11Proxy(c.url);
  try {
    const amd = await pushImage(a, 'r5/src', 'amd64', { architecture: 'amd64', format: 'oci' });
    const sig = await signature(a, 'r5/src', amd, 'r5');
    await addToFallbackIndex(a, 'r5/src', amd.digest, sig, SIGSTORE);
    const inputs = { tags: `${pc.host}/r5/app:v1`, sources: `${pa.host}/r5/src:amd64`, referrers: 'true' };
    const r = await runAction(inputs);
    expectExit(r, 0);
    await expectCopied(c, 'r5/app', sig);
    expect(pa.requests).toContain(`GET /v2/r5/src/referrers/${amd.digest}`);
    // The API answered: the fallback tag itself was never asked for.
    expect(pa.requests.filter((q) => q.endsWith(`/manifests/${fallbackTagOf(amd.digest)}`))).toEqual([]);
    expect(await listTags(c, 'r5/app')).toEqual(['v1']);
    expect(r.stdout).toMatch(/referrers: 1 copied; 0 fallback tag index\(es\) written/);

    // Again, everything already there: the target is asked whether it has the API, and it has.
    const again = await runAction(inputs);
    expectExit(again, 0);
    expect(pc.requests.filter((q) => q.startsWith('GET /v2/r5/app/referrers/'))).toHaveLength(1);
    expect(await listTags(c, 'r5/app')).toEqual(['v1']);
  } finally {
    await Promise.all([pa.stop(), pc.stop()]);
  }
});

test("a GitHub artifact attestation (a sigstore bundle referrer) found through the source's referrers API lands in a target without one: its artifactType and annotations in the fallback tag index", async () => {
  const pa = await startOci11Proxy(a.url);
  try {
    const amd = await pushImage(a, 'r6/src', 'amd64', { architecture: 'amd64', format: 'oci' });
    const annotations = {
      'dev.sigstore.bundle.content': 'dsse-envelope',
      'dev.sigstore.bundle.predicateType': 'https://slsa.dev/provenance/v1',
      'org.opencontainers.image.created': '2026-01-01T00:00:00Z'
    };
    const att = await pushArtifact(a, 'r6/src', {
      artifactType: SIGSTORE,
      layerType: SIGSTORE,
      content: JSON.stringify({ note: 'r6 provenance', subject: amd.digest }),
      subject: amd,
      annotations
    });
    await addToFallbackIndex(a, 'r6/src', amd.digest, att, SIGSTORE);
    const r = await runAction({ tags: ref(c, 'r6/app', 'v1'), sources: `${pa.host}/r6/src:amd64`, referrers: 'true' });
    expectExit(r, 0);
    expect(pa.requests).toContain(`GET /v2/r6/src/referrers/${amd.digest}`);
    await expectCopied(c, 'r6/app', att);
    expect(await fallbackIndex(c, 'r6/app', amd.digest)).toEqual([
      { mediaType: att.mediaType, digest: att.digest, size: att.size, artifactType: SIGSTORE, annotations }
    ]);
  } finally {
    await pa.stop();
  }
});

test('attestations: drop leaves BuildKit attestations behind even where they are listed as referrers; a signature still travels', async () => {
  const idx = await pushBuildkitArtifactStyle(a, 'r6/src', 'amd64', { architecture: 'amd64' });
  // A registry with the referrers API lists the attestation (it has a subject): here, the fallback index.
  await addToFallbackIndex(
    a,
    'r6/src',
    idx.image.digest,
    idx.attestation,
    'application/vnd.docker.attestation.manifest.v1+json'
  );
  const sig = await signature(a, 'r6/src', idx.image, 'r6');
  await addToFallbackIndex(a, 'r6/src', idx.image.digest, sig, SIGSTORE);
  const r = await runAction({
    tags: ref(c, 'r6/app', 'v1'),
    sources: ref(a, 'r6/src', 'amd64'),
    referrers: 'true',
    attestations: 'drop'
  });
  expectExit(r, 0);
  const list = JSON.parse((await getManifest(c, 'r6/app', 'v1')).body) as ListDoc;
  expect(list.manifests.map((d) => d.digest)).toEqual([idx.image.digest]);
  expect((await getManifest(c, 'r6/app', idx.attestation.digest)).status).toBe(404);
  await expectCopied(c, 'r6/app', sig);
  expect((await fallbackIndex(c, 'r6/app', idx.image.digest))?.map((d) => d.digest)).toEqual([sig.digest]);
});

// Issue 20.3: cosign 3 stores a sigstore bundle as an OCI referrer (no `.sig` tag), and GitHub's
// artifact attestations are pushed the same way (a bundle holding a DSSE envelope, its predicate
// type in an annotation): they travel like any referrer, as listed, beside older signers' tags.
test('sigstore bundles (cosign 3, GitHub attestations) travel: a fallback tag index on distribution 2.8, the referrers API on OCI 1.1; .sig still', async () => {
  const amd = await pushImage(a, 'r7/src', 'amd64', { architecture: 'amd64', format: 'oci' });
  const created = { 'org.opencontainers.image.created': '2026-03-01T00:00:00Z' };
  const cosign3 = await pushSigstoreSignature(a, 'r7/src', amd, '{"r7":"cosign 3"}', {
    'dev.sigstore.bundle.content': 'message-signature',
    ...created
  });
  const attestation = await pushSigstoreSignature(a, 'r7/src', amd, '{"r7":"provenance"}', {
    'dev.sigstore.bundle.content': 'dsse-envelope',
    'dev.sigstore.bundle.predicateType': 'https://slsa.dev/provenance/v1',
    ...created
  });
  const legacy = await pushCosignTag(a, 'r7/src', amd.digest, 'sig');
  const listed = (m: PushedManifest) => ({
    mediaType: m.mediaType,
    digest: m.digest,
    size: m.size,
    artifactType: SIGSTORE,
    annotations: (JSON.parse(m.manifest) as { annotations: Record<string, string> }).annotations
  });

  // The fallback face: distribution 2.8 on both sides.
  const inputs = { tags: ref(c, 'r7/app', 'v1'), sources: ref(a, 'r7/src', 'amd64'), referrers: 'true' };
  const r = await runAction(inputs);
  expectExit(r, 0);
  for (const m of [cosign3, attestation, legacy]) await expectCopied(c, 'r7/app', m);
  expect(await fallbackIndex(c, 'r7/app', amd.digest)).toEqual([listed(cosign3), listed(attestation)]);
  expect((await getManifest(c, 'r7/app', `${fallbackTagOf(amd.digest)}.sig`)).digest).toBe(legacy.digest);
  const again = await runAction(inputs);
  expectExit(again, 0);
  expect(again.stdout).toMatch(/referrers: 0 copied; 0 fallback tag index\(es\) written/);

  // The OCI 1.1 face: the source answers the referrers API, the target indexes subjects itself.
  const pa = await startOci11Proxy(a.url);
  const pc = await startOci11Proxy(c.url);
  try {
    const api = await runAction({
      tags: `${pc.host}/r7/api:v1`,
      sources: `${pa.host}/r7/src:amd64`,
      referrers: 'true'
    });
    expectExit(api, 0);
    expect(pa.requests).toContain(`GET /v2/r7/src/referrers/${amd.digest}`);
    for (const m of [cosign3, attestation, legacy]) await expectCopied(c, 'r7/api', m);
    for (const m of [cosign3, attestation]) expect(pc.requests).toContain(`PUT /v2/r7/api/manifests/${m.digest}`);
    // Listed by the registry from their subject (OCI-Subject answered): no fallback tag; cosign's tag kept.
    expect((await listTags(c, 'r7/api')).sort()).toEqual([`${fallbackTagOf(amd.digest)}.sig`, 'v1']);
    expect(api.stdout).toMatch(/referrers: 3 copied; 0 fallback tag index\(es\) written/);
  } finally {
    await Promise.all([pa.stop(), pc.stop()]);
  }
});

describe('without the flag', () => {
  let p: Proxy;
  beforeAll(async () => {
    p = await startProxy({ target: a.url });
  });
  afterAll(async () => p?.stop());

  test('nothing of the referrers is copied and no request looks for them', async () => {
    const amd = await pushImage(a, 'r3/src', 'amd64', { architecture: 'amd64', format: 'oci' });
    const sig = await signature(a, 'r3/src', amd, 'r3');
    await addToFallbackIndex(a, 'r3/src', amd.digest, sig, SIGSTORE);
    await pushCosignTag(a, 'r3/src', amd.digest, 'sig');
    const r = await runAction({ tags: ref(c, 'r3/app', 'v1'), sources: `${p.host}/r3/src:amd64` });
    expectExit(r, 0);
    expect(await listTags(c, 'r3/app')).toEqual(['v1']);
    expect((await getManifest(c, 'r3/app', sig.digest)).status).toBe(404);
    const looked = p.requests.filter((q) => /\/referrers\/|sha256-/.test(q.path));
    expect(looked).toEqual([]);
    expect(p.requests.length).toBeGreaterThan(0);
    expect(r.summary).not.toContain('Referrers');
  });
});
