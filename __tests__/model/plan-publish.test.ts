import { parseAnnotations } from '../../src/model/annotations';
import { InputError } from '../../src/model/errors';
import { type Child, type Entry, type Resolved } from '../../src/model/entry';
import { MediaType } from '../../src/model/manifest';
import { type PlanOptions, isPromotion, planList, planPublish } from '../../src/model/plan';
import { type TemplateOrigin } from '../../src/model/template';
import { attestation, child, digestOf, entry, noAnnotations } from '../fixtures';

const amd = { os: 'linux', architecture: 'amd64' };
const arm64 = { os: 'linux', architecture: 'arm64' };
const arm7 = { os: 'linux', architecture: 'arm', variant: 'v7' };
const unknown = { os: 'unknown', architecture: 'unknown' };

const opts = (o: Partial<PlanOptions> = {}): PlanOptions => ({
  format: 'auto',
  annotations: noAnnotations(),
  attestations: 'keep',
  amend: false,
  platforms: [],
  templates: new Map<string, TemplateOrigin>(),
  ...o
});

/** An index source as resolve.ts makes it, with bytes that are not what buildList would write. */
function index(
  source: string,
  entries: Entry[],
  extra: { others?: Child[]; strays?: Child[]; mediaType?: string } = {}
): Resolved {
  const mediaType = extra.mediaType ?? MediaType.OciIndex;
  const others = (extra.others ?? []).map((c) => ({ source, child: c }));
  const strays = extra.strays ?? [];
  const children = [...entries.flatMap((e) => [e.image, ...e.attestations]), ...others.map((o) => o.child), ...strays];
  const bytes = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType, manifests: children.map((c) => c.descriptor) })
  );
  return {
    source,
    manifest: { bytes, mediaType, digest: digestOf(bytes) },
    index: true,
    entries,
    others,
    strays,
    children
  };
}

function image(source: string, platform = amd): Resolved {
  const e = entry(source, platform);
  return {
    source,
    manifest: { bytes: e.image.bytes, mediaType: e.image.descriptor.mediaType, digest: e.image.descriptor.digest },
    index: false,
    entries: [e],
    others: [],
    strays: [],
    children: [e.image]
  };
}

function withAttestation(source: string, platform = amd): Entry {
  const e = entry(source, platform, MediaType.OciManifest);
  e.attestations.push(attestation(e.image));
  return e;
}

describe('promotion: one index source and nothing that changes it', () => {
  test('its bytes, media type and digest as they are; every child to copy', () => {
    const r = index('ghcr.io/o/src:1', [withAttestation('ghcr.io/o/src:1'), withAttestation('ghcr.io/o/src:1', arm64)]);
    const p = planPublish([r], undefined, undefined, opts());
    expect(p.promoted).toBe(true);
    expect(p.list.bytes.equals(r.manifest.bytes)).toBe(true);
    expect(p.list.digest).toBe(r.manifest.digest);
    expect(p.list.mediaType).toBe(MediaType.OciIndex);
    expect(p.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(new Set(p.children)).toEqual(new Set(r.children));
    expect(p.contributors).toEqual(['ghcr.io/o/src:1']);
  });

  test('a Docker list with OCI children stays as it is; with format docker it is refused (issue 17 item 1)', () => {
    const r = index('s/i', [entry('s/i', amd, MediaType.OciManifest)], { mediaType: MediaType.DockerList });
    expect(planPublish([r], undefined, undefined, opts()).list.digest).toBe(r.manifest.digest);
    expect(() => planPublish([r], undefined, undefined, opts({ format: 'docker' }))).toThrow(
      /^format "docker": child sha256:\w+ \(linux\/amd64\) of ghcr.io\/o\/app is an OCI manifest/
    );
  });

  test('attestation strays and entries without a platform are referenced, so they are copied', () => {
    const img = entry('s/i', amd, MediaType.OciManifest);
    const other = child(MediaType.OciManifest, unknown, 'artifact');
    const stray = attestation(child(MediaType.OciManifest, amd, 'elsewhere'));
    const r = index('s/i', [img], { others: [other], strays: [stray] });
    const p = planPublish([r], undefined, undefined, opts());
    expect(p.promoted).toBe(true);
    expect(p.children).toEqual([img.image, other, stray]);
  });

  test('anything that changes it makes a new list', () => {
    const r = index('s/i', [withAttestation('s/i')]);
    const plain = index('s/p', [entry('s/p', amd, MediaType.OciManifest)]);
    expect(isPromotion([r], opts())).toBe(true);
    expect(isPromotion([r], opts({ annotations: parseAnnotations(['index:a=b'], []) }))).toBe(false);
    expect(isPromotion([r], opts({ annotations: parseAnnotations(['manifest-descriptor:a=b'], []) }))).toBe(false);
    expect(isPromotion([r], opts({ format: 'docker' }))).toBe(false);
    expect(isPromotion([r], opts({ format: 'oci' }))).toBe(true);
    expect(isPromotion([r], opts({ attestations: 'drop' }))).toBe(false);
    // drop on an index without attestations changes nothing.
    expect(isPromotion([plain], opts({ attestations: 'drop' }))).toBe(true);
    expect(isPromotion([r], opts({ amend: true }))).toBe(false);
    expect(isPromotion([r, image('s/x', arm64)], opts())).toBe(false);
    expect(isPromotion([image('s/x')], opts())).toBe(false);
    const rebuilt = planPublish(
      [r],
      undefined,
      undefined,
      opts({ format: 'oci', annotations: parseAnnotations(['index:a=b'], []) })
    );
    expect(rebuilt.promoted).toBe(false);
    expect(rebuilt.list.digest).not.toBe(r.manifest.digest);
  });
});

describe('attestations: drop', () => {
  test('no attestation in the list or in what is copied', () => {
    const a = withAttestation('s/a');
    const b = withAttestation('s/b', arm64);
    const p = planPublish([index('s/a', [a]), index('s/b', [b])], undefined, undefined, opts({ attestations: 'drop' }));
    const digests = JSON.parse(p.list.bytes.toString()).manifests.map((m: { digest: string }) => m.digest);
    expect(digests).toEqual([a.image.descriptor.digest, b.image.descriptor.digest]);
    expect(p.children).toEqual([a.image, b.image]);
    expect(p.entries.every((e) => e.attestations.length === 0)).toBe(true);
    // The resolved entries are not modified.
    expect(a.attestations).toHaveLength(1);
  });

  test("keep: attestations stay (today's behaviour); a stray is left out with a warning", () => {
    const a = withAttestation('s/a');
    const stray = attestation(child(MediaType.OciManifest, amd, 'elsewhere'));
    const p = planPublish([index('s/a', [a], { strays: [stray] }), image('s/b', arm64)], undefined, undefined, opts());
    expect(p.children).toEqual([a.image, p.children[1], a.attestations[0]]);
    expect(p.warnings).toEqual([
      `source s/a: attestation ${stray.descriptor.digest} describes ${stray.descriptor.annotations!['vnd.docker.reference.digest']}, which is not a platform of that index; left out of the list`
    ]);
  });
});

describe('entries that are not platforms (unknown/unknown, no platform)', () => {
  test('kept in the list and copied, not in platforms, not duplicate-checked', () => {
    const x = child(MediaType.OciManifest, unknown, 'x');
    const y = child(MediaType.OciManifest, unknown, 'y');
    const p = planPublish(
      [
        index('s/a', [entry('s/a', amd, MediaType.OciManifest)], { others: [x] }),
        index('s/b', [entry('s/b', arm64, MediaType.OciManifest)], { others: [y] })
      ],
      undefined,
      undefined,
      opts()
    );
    expect(p.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    const manifests = JSON.parse(p.list.bytes.toString()).manifests as Array<{ digest: string; platform?: unknown }>;
    expect(manifests.map((m) => m.digest).slice(2)).toEqual([x.descriptor.digest, y.descriptor.digest]);
    expect(manifests[2].platform).toEqual(unknown);
    expect(p.children).toContain(x);
    expect(p.children).toContain(y);
  });

  test('amend keeps those of the existing list', () => {
    const old = child(MediaType.OciManifest, unknown, 'old');
    const existing = index('ghcr.io/o/app:1', [entry('ghcr.io/o/app:1', amd, MediaType.OciManifest)], {
      others: [old]
    });
    const p = planPublish([image('s/arm', arm64)], existing, undefined, opts({ amend: true }));
    const digests = JSON.parse(p.list.bytes.toString()).manifests.map((m: { digest: string }) => m.digest);
    expect(digests).toContain(old.descriptor.digest);
    expect(p.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(p.contributors).toEqual(['s/arm']);
  });
});

describe('a list is never pushed empty', () => {
  test('a list of no platform is never built, whatever the entries that are not platforms', () => {
    const other = { source: 's/o', child: child(MediaType.OciManifest, unknown, 'o') };
    expect(() => planList([], 'auto', noAnnotations(), undefined, [other])).toThrow(InputError);
    expect(() => planList([], 'auto', noAnnotations())).toThrow('the list would hold no platform');
  });

  test('a source of attestations only fails, naming it; so does an empty index', () => {
    const stray = attestation(child(MediaType.OciManifest, amd, 'elsewhere'));
    expect(() =>
      planPublish([image('s/a'), index('s/att', [], { strays: [stray] })], undefined, undefined, opts())
    ).toThrow(/source s\/att \(sha256:[0-9a-f]+\) contributes no platform: it is an index of 1 attestation only/);
    expect(() => planPublish([index('s/empty', [])], undefined, undefined, opts())).toThrow(
      'contributes no platform: it is an empty index'
    );
  });
});

describe('platforms: the list must hold exactly these', () => {
  const sources = () => [image('s/amd', amd), image('s/arm', arm7)];

  test('the same set in any order, after normalization, passes', () => {
    const p = planPublish(
      sources(),
      undefined,
      undefined,
      opts({ platforms: [{ os: 'linux', architecture: 'arm', variant: 'v7' }, amd] })
    );
    expect(p.platforms).toEqual(['linux/amd64', 'linux/arm/v7']);
  });

  test('missing and extra are named, with what each source gave', () => {
    const run = () => planPublish(sources(), undefined, undefined, opts({ platforms: [amd, arm64] }));
    expect(run).toThrow(InputError);
    expect(run).toThrow(
      'input "platforms": the list would hold linux/amd64 (from s/amd), linux/arm/v7 (from s/arm); missing linux/arm64; extra linux/arm/v7 (from s/arm). Fix the sources or the platforms input. Nothing was written'
    );
  });
});

describe('templates', () => {
  test('a source that holds another platform than its template stands for fails, naming both', () => {
    const templates = new Map<string, TemplateOrigin>([
      ['s/app:amd64', { template: 's/app:ARCH', platform: amd }],
      ['s/app:arm64', { template: 's/app:ARCH', platform: arm64 }]
    ]);
    const run = () =>
      planPublish(
        [image('s/app:amd64', amd), image('s/app:arm64', amd)],
        undefined,
        undefined,
        opts({ platforms: [amd, arm64], templates })
      );
    expect(run).toThrow(
      'source s/app:arm64 (template "s/app:ARCH" for linux/arm64) holds linux/amd64, not linux/arm64; push the linux/arm64 image under that tag, or fix the template. Nothing was written'
    );
  });
});
