// What TargetChecks asks each target as manifests are seen: the rules on values, with a client that records the calls.
jest.mock('@actions/http-client', () => ({ HttpClient: class {} }), { virtual: true });

import {
  BLOBS_BEFORE_READ,
  TargetChecks,
  type TargetCheckOptions,
  checksWaveWidth
} from '../../src/steps/target-checks';
import { type Registries } from '../../src/registry/open';
import { type Descriptor, type ImageManifest, MediaType } from '../../src/model/manifest';

const dg = (c: string) => `sha256:${c.repeat(64)}`;
const blob = (c: string, urls?: string[]): Descriptor => ({
  mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
  digest: dg(c),
  size: 1,
  ...(urls ? { urls } : {})
});
const image: ImageManifest = {
  kind: 'image',
  mediaType: MediaType.OciManifest,
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: dg('c'), size: 1 },
  layers: [blob('1'), blob('2')]
};

/** Registries whose clients record every call as "registry method repo digest" and answer from `present`. */
function recording(present: Set<string> = new Set()) {
  const calls: string[] = [];
  const client = (registry: string) => ({
    headManifest: async (repo: string, digest: string) => {
      calls.push(`${registry} HEAD manifest ${repo} ${digest}`);
      return present.has(`${repo}@${digest}`) ? { digest } : undefined;
    },
    hasBlob: async (repo: string, digest: string) => {
      calls.push(`${registry} HEAD blob ${repo} ${digest}`);
      return false;
    },
    mountBlob: async (repo: string, digest: string, from: string) => {
      calls.push(`${registry} mount ${repo} ${digest} from ${from}`);
      return true;
    }
  });
  const registries = { get: (r: string) => client(r) } as unknown as Registries;
  return { calls, registries };
}

const src = { registry: 'r.example', repository: 'src' };
const target = { registry: 'r.example', repository: 'app' };
const elsewhere = { registry: 'other.example', repository: 'app' };
const checks = (registries: Registries, targets = [target], opts: TargetCheckOptions = {}) =>
  new TargetChecks(registries, targets, opts);
const settle = () => new Promise((r) => setImmediate(r));

test('within a registry, with early mounts: the child HEAD and a mount per blob, no blob HEAD', async () => {
  const { calls, registries } = recording();
  checks(registries, [target], { mountEarly: true }).startChecks({ digest: dg('m'), from: src, manifest: image });
  await settle();
  expect(calls.sort()).toEqual(
    [
      `r.example HEAD manifest app ${dg('m')}`,
      `r.example mount app ${dg('c')} from src`,
      `r.example mount app ${dg('1')} from src`,
      `r.example mount app ${dg('2')} from src`
    ].sort()
  );
});

test('without early mounts (a platforms check comes first): the child HEAD only', async () => {
  const { calls, registries } = recording();
  checks(registries).startChecks({ digest: dg('m'), from: src, manifest: image });
  await settle();
  expect(calls).toEqual([`r.example HEAD manifest app ${dg('m')}`]);
});

test('across registries: a HEAD per blob, never a mount; a blob served from its urls is left to copy', async () => {
  const { calls, registries } = recording();
  const windows: ImageManifest = { ...image, layers: [blob('1', ['https://mcr.microsoft.com/x']), blob('2')] };
  checks(registries, [elsewhere], { mountEarly: true }).startChecks({ digest: dg('m'), from: src, manifest: windows });
  await settle();
  expect(calls.sort()).toEqual(
    [
      `other.example HEAD manifest app ${dg('m')}`,
      `other.example HEAD blob app ${dg('c')}`,
      `other.example HEAD blob app ${dg('2')}`
    ].sort()
  );
});

test('attestations dropped: nothing for one, nothing before an index entry is read; the target it is read from: nothing', async () => {
  const { calls, registries } = recording();
  const c = checks(registries, [target, src], { mountEarly: true, dropAttestations: true });
  c.startChecks({ digest: dg('a'), from: src, manifest: image, attestation: true });
  c.startChecks({ digest: dg('m'), from: src });
  await settle();
  expect(calls).toEqual([]);
  c.startChecks({ digest: dg('m'), from: src, manifest: image });
  await settle();
  expect(calls.filter((x) => x.includes(' src '))).toEqual([]);
  expect(calls).toHaveLength(4);
});

test('a child its index entry found in the target already: no mounts when it is read; each question asked once', async () => {
  const { calls, registries } = recording(new Set([`app@${dg('m')}`]));
  const c = checks(registries, [target], { mountEarly: true });
  c.startChecks({ digest: dg('m'), from: src });
  await settle();
  c.startChecks({ digest: dg('m'), from: src, manifest: image });
  await settle();
  expect(calls).toEqual([`r.example HEAD manifest app ${dg('m')}`]);
  // Copy asks again and gets the same answers without a request.
  await expect(c.hasManifest(target, dg('m'))).resolves.toBe(true);
  expect(calls).toHaveLength(1);
});

test('a mount started early is the one copy awaits', async () => {
  const { calls, registries } = recording();
  const c = checks(registries, [target], { mountEarly: true });
  c.startChecks({ digest: dg('m'), from: src, manifest: image });
  await expect(c.mountBlob(target, dg('1'), src)).resolves.toBe(true);
  expect(calls.filter((x) => x.includes(`mount app ${dg('1')}`))).toHaveLength(1);
});

describe('checksWaveWidth says how many requests seen() sends at once (the warm-up sizes by it)', () => {
  // Manifests of the size the width assumes before any is read (blobs of their own: no two ask the same).
  const assumed = (c: string): ImageManifest => ({
    ...image,
    config: { ...image.config, digest: dg(`${c}c`) },
    layers: Array.from({ length: BLOBS_BEFORE_READ - 1 }, (_, i) => blob(`${c}${i}`))
  });
  const targets = [target, { registry: 'r.example', repository: 'mirror' }, elsewhere];
  const perRegistry = (calls: string[], r: string) => calls.filter((c) => c.startsWith(`${r} `)).length;

  test.each([
    ['within a registry, early mounts', 'r.example', src],
    ['across registries', 'other.example', src],
    ['from the other registry', 'r.example', { registry: 'other.example', repository: 'src' }]
  ])('%s: the width is what is sent', async (_name, registry, from) => {
    const { calls, registries } = recording();
    const c = checks(registries, targets, { mountEarly: true });
    c.startChecks({ digest: dg('m'), from, manifest: assumed('m') });
    c.startChecks({ digest: dg('n'), from, manifest: assumed('n') });
    await settle();
    expect(perRegistry(calls, registry)).toBe(checksWaveWidth(2, targets, registry));
  });

  test('without early mounts it sends fewer, never more', async () => {
    const { calls, registries } = recording();
    checks(registries, targets).startChecks({ digest: dg('m'), from: src, manifest: assumed('m') });
    await settle();
    for (const r of ['r.example', 'other.example'])
      expect(perRegistry(calls, r)).toBeLessThanOrEqual(checksWaveWidth(1, targets, r));
  });
});
