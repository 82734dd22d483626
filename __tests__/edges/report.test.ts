import { MediaType, buildList } from '../../src/model/manifest';
import type { Result } from '../../src/model/result';
import { outputsOf, summaryMarkdown } from '../../src/edges/report';
import { attestation, digestOf, entry } from '../fixtures';

function result(): Result {
  const amd = entry('ghcr.io/o/app:amd64', { os: 'linux', architecture: 'amd64' }, MediaType.OciManifest);
  amd.attestations.push(attestation(amd.image));
  const win = entry('ghcr.io/o/app:win', { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.1' }, MediaType.DockerManifest);
  const list = buildList([amd.image.descriptor, win.image.descriptor, amd.attestations[0].descriptor], 'oci');
  return {
    digest: list.digest,
    mediaType: list.mediaType,
    manifest: list.bytes.toString('utf8'),
    ref: `ghcr.io/o/app@${list.digest}`,
    platforms: ['linux/amd64', 'windows/amd64'],
    tags: ['ghcr.io/o/app:1.0', 'ghcr.io/o/app:latest'],
    entries: [amd, win],
    pushed: true,
    copy: { manifestsPresent: 1, manifestsCopied: 3, blobsPresent: 4, blobsMounted: 2, blobsStreamed: 1, bytesStreamed: 100 },
    purge: { removed: ['ghcr.io/o/app:amd64'], left: ['ghcr.io/o/app:win'], localLists: [] },
    requests: 12,
    warnings: ['annotations: ignoring "manifest:" lines such as line 1']
  };
}

describe('outputsOf', () => {
  test('the five outputs, exactly', () => {
    const r = result();
    expect(outputsOf(r)).toEqual({
      digest: r.digest,
      ref: `ghcr.io/o/app@${r.digest}`,
      'media-type': 'application/vnd.oci.image.index.v1+json',
      manifest: r.manifest,
      platforms: 'linux/amd64,windows/amd64'
    });
    expect(Object.keys(outputsOf(r))).toEqual(['digest', 'ref', 'media-type', 'manifest', 'platforms']);
    // The digest output is the digest of the manifest output's bytes.
    expect(outputsOf(r).digest).toBe(digestOf(Buffer.from(outputsOf(r).manifest, 'utf8')));
  });

  test('a single platform has no comma', () => {
    expect(outputsOf({ ...result(), platforms: ['linux/arm/v7'] }).platforms).toBe('linux/arm/v7');
  });
});

describe('summaryMarkdown', () => {
  test('a published OCI index with copy, purge and warnings', () => {
    const r = result();
    const [amd, win] = r.entries;
    const short = (d: string) => `${d.slice(0, 19)}…`;
    expect(summaryMarkdown(r)).toBe(
      [
        '### Published OCI image index',
        '',
        `**Digest:** <code>${r.digest}</code>  `,
        `**Reference:** <code>ghcr.io/o/app@${r.digest}</code>  `,
        '**Tags:** <code>ghcr.io/o/app:1.0</code>, <code>ghcr.io/o/app:latest</code>',
        '',
        '| Platform | Digest | Source | Media type |',
        '| --- | --- | --- | --- |',
        `| linux/amd64 | <code>${short(amd.image.descriptor.digest)}</code> | <code>ghcr.io/o/app:amd64</code> (+1 attestation) | <code>application/vnd.oci.image.manifest.v1+json</code> |`,
        `| windows/amd64 10.0.20348.1 | <code>${short(win.image.descriptor.digest)}</code> | <code>ghcr.io/o/app:win</code> | <code>application/vnd.docker.distribution.manifest.v2+json</code> |`,
        '',
        'Copied 3 manifest(s) into the target repositories (1 already there); blobs: 4 present, 2 mounted, 1 streamed.',
        '',
        'Purged source tags: <code>ghcr.io/o/app:amd64</code>.',
        'Left in place (the registry refused): <code>ghcr.io/o/app:win</code>.',
        '',
        '> [!WARNING]',
        '> annotations: ignoring "manifest:" lines such as line 1',
        '',
        '<details><summary>Manifest</summary>',
        '',
        '```json',
        r.manifest,
        '```',
        '',
        '</details>',
        ''
      ].join('\n')
    );
    expect(short(amd.image.descriptor.digest)).toMatch(/^sha256:[0-9a-f]{12}…$/);
  });

  test('a dry run of a Docker list: no copy or purge lines', () => {
    const r = { ...result(), pushed: false, mediaType: MediaType.DockerList, copy: undefined, purge: undefined, warnings: [] };
    const md = summaryMarkdown(r);
    expect(md.startsWith('### Dry run (nothing pushed): Docker manifest list\n\n')).toBe(true);
    expect(md).not.toContain('Copied');
    expect(md).not.toContain('Purged');
    expect(md).not.toContain('[!WARNING]');
  });

  test('purge that removed nothing', () => {
    const md = summaryMarkdown({ ...result(), purge: { removed: [], left: [], localLists: [] } });
    expect(md).toContain('\nPurged source tags: none.\n\n');
    expect(md).not.toContain('Left in place');
  });

  test('code spans are HTML-escaped', () => {
    const md = summaryMarkdown({ ...result(), tags: ['a<b>&c'] });
    expect(md).toContain('**Tags:** <code>a&lt;b&gt;&amp;c</code>\n');
  });
});
