import { MediaType, buildList } from '../../src/model/manifest';
import type { Result } from '../../src/model/result';
import { bytesInWords, failureSummaryMarkdown, folded, outputsOf, summaryMarkdown } from '../../src/edges/report';
import { OUTPUT_LIMIT, capOutputs, summaryWithin } from '../../src/edges/limits';
import { attestation, digestOf, entry } from '../fixtures';

function result(): Result {
  const amd = entry('ghcr.io/o/app:amd64', { os: 'linux', architecture: 'amd64' }, MediaType.OciManifest);
  amd.attestations.push(attestation(amd.image));
  const win = entry(
    'ghcr.io/o/app:win',
    { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.1' },
    MediaType.DockerManifest
  );
  const list = buildList([amd.image.descriptor, win.image.descriptor, amd.attestations[0].descriptor], 'oci');
  return {
    digest: list.digest,
    mediaType: list.mediaType,
    manifest: list.bytes.toString('utf8'),
    ref: `ghcr.io/o/app@${list.digest}`,
    refs: [`ghcr.io/o/app@${list.digest}`],
    size: list.bytes.length,
    listEntries: [],
    platforms: ['linux/amd64', 'windows/amd64'],
    tags: ['ghcr.io/o/app:1.0', 'ghcr.io/o/app:latest'],
    entries: [amd, win],
    pushed: true,
    copy: {
      manifestsPresent: 1,
      manifestsCopied: 3,
      blobsPresent: 4,
      blobsMounted: 2,
      blobsStreamed: 1,
      bytesStreamed: 100
    },
    purge: {
      removed: ['ghcr.io/o/app:amd64'],
      left: [{ tag: 'ghcr.io/o/app:win', reason: 'changed', detail: 'it now points to sha256:…' }],
      localLists: []
    },
    requests: 12,
    warnings: ['annotations: ignoring "manifest:" lines such as line 1']
  };
}

describe('outputsOf', () => {
  test('the seven outputs, exactly', () => {
    const r = { ...result(), refs: ['ghcr.io/o/app@sha256:x', 'quay.io/o/app@sha256:x'] };
    expect(outputsOf(r)).toEqual({
      digest: r.digest,
      ref: `ghcr.io/o/app@${r.digest}`,
      'media-type': 'application/vnd.oci.image.index.v1+json',
      manifest: r.manifest,
      platforms: 'linux/amd64,windows/amd64',
      refs: 'ghcr.io/o/app@sha256:x\nquay.io/o/app@sha256:x',
      metadata: JSON.stringify({
        digest: r.digest,
        mediaType: r.mediaType,
        size: r.size,
        tags: r.tags,
        refs: r.refs,
        entries: []
      })
    });
    expect(Object.keys(outputsOf(r))).toEqual([
      'digest',
      'ref',
      'media-type',
      'manifest',
      'platforms',
      'refs',
      'metadata'
    ]);
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
    const short = (d: string) => `<code title="${d}">${d.slice(0, 19)}…</code>`;
    expect(summaryMarkdown(r)).toBe(
      [
        '### Published OCI image index',
        '',
        `**Digest:** <code>${r.digest}</code>  `,
        `**Reference:** <code>ghcr.io/o/app@${r.digest}</code>  `,
        '**Tags:** <code>ghcr.io/o/app:1.0</code>, <code>ghcr.io/o/app:latest</code>',
        '',
        '| Platform | Digest | Type | Source |',
        '| --- | --- | --- | --- |',
        `| linux/amd64 | ${short(amd.image.descriptor.digest)} | OCI | <code>ghcr.io/o/app:amd64</code><br>+1 attestation |`,
        `| windows/amd64 10.0.20348.1 | ${short(win.image.descriptor.digest)} | Docker | <code>ghcr.io/o/app:win</code> |`,
        '',
        '```text',
        `linux/amd64      ghcr.io/o/app@${amd.image.descriptor.digest}`,
        `windows/amd64    ghcr.io/o/app@${win.image.descriptor.digest}`,
        '```',
        '',
        '**Copy:** 1 child already in ghcr.io/o/app, 3 copied; 2 blobs mounted, 1 streamed (100 bytes), 4 already there.',
        '',
        '**Purged source tags:** <code>ghcr.io/o/app:amd64</code>.',
        'Left in place: <code>ghcr.io/o/app:win</code> (pushed again during the run).',
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
  });

  test('full digests stay copyable: in the title, the reference block, and nowhere cut without them', () => {
    const r = result();
    const md = summaryMarkdown(r);
    for (const e of r.entries) {
      expect(md).toContain(`title="${e.image.descriptor.digest}"`);
      expect(md).toContain(`ghcr.io/o/app@${e.image.descriptor.digest}`);
    }
  });

  test('copy statistics in words, with the bytes streamed in units', () => {
    const r = {
      ...result(),
      copy: {
        manifestsPresent: 3,
        manifestsCopied: 0,
        blobsPresent: 0,
        blobsMounted: 10,
        blobsStreamed: 4,
        bytesStreamed: 615_000_000
      },
      tags: ['ghcr.io/o/app:1', 'ghcr.io/o/app:2']
    };
    expect(summaryMarkdown(r)).toContain(
      '**Copy:** 3 children already in ghcr.io/o/app, 0 copied; 10 blobs mounted, 4 streamed (615 MB), 0 already there.'
    );
    expect(summaryMarkdown({ ...r, tags: ['ghcr.io/o/app:1', 'ghcr.io/o/other:2'] })).toContain(
      'already in the 2 target repositories'
    );
  });

  test('index and descriptor annotations, and the platform fields an annotations line set', () => {
    const amd = entry(
      'ghcr.io/o/app:arm',
      { os: 'linux', architecture: 'arm', variant: 'v7' },
      MediaType.OciManifest,
      [],
      { 'org.opencontainers.image.version': '1.0' }
    );
    const list = buildList([amd.image.descriptor], 'oci', { 'org.opencontainers.image.description': 'My <app>' });
    const r = { ...result(), entries: [amd], manifest: list.bytes.toString('utf8'), digest: list.digest };
    const md = summaryMarkdown(r, new Map([['ghcr.io/o/app:arm', { architecture: 'arm', variant: 'v7' }]]));
    expect(md).toContain('| linux/arm/v7<br><sub>arch, variant from annotations</sub> |');
    expect(md).toContain(
      '**Index annotations:**\n\n- <code>org.opencontainers.image.description</code> = <code>My &lt;app&gt;</code>\n'
    );
    expect(md).toContain(
      '**Annotations on linux/arm/v7:**\n\n- <code>org.opencontainers.image.version</code> = <code>1.0</code>\n'
    );
  });

  test('long source names are folded at a slash so the table fits', () => {
    expect(folded('registry.example.com/some-team/some-project/app-linux-arm64:1.2.3')).toBe(
      '<code>registry.example.com/some-team/</code><br><code>some-project/app-linux-arm64:1.2.3</code>'
    );
    expect(folded('short/name:1')).toBe('<code>short/name:1</code>');
    const d = `sha256:${'ab'.repeat(32)}`;
    expect(folded(`ghcr.io/o/app@${d}`)).toBe(
      `<span title="ghcr.io/o/app@${d}"><code>ghcr.io/o/app</code><code>@sha256:abababababab…</code></span>`
    );
    expect(bytesInWords(999)).toBe('999 bytes');
    expect(bytesInWords(1_234_567)).toBe('1.2 MB');
    expect(bytesInWords(2_500_000_000)).toBe('2.5 GB');
  });

  test('a dry run of a Docker list: no copy or purge lines', () => {
    const r = {
      ...result(),
      pushed: false,
      mediaType: MediaType.DockerList,
      copy: undefined,
      purge: undefined,
      warnings: []
    };
    const md = summaryMarkdown(r);
    expect(md.startsWith('### Dry run (nothing pushed): Docker manifest list\n\n')).toBe(true);
    expect(md).not.toContain('Copy');
    expect(md).not.toContain('Purged');
    expect(md).not.toContain('[!WARNING]');
  });

  test('purge that removed nothing', () => {
    const md = summaryMarkdown({ ...result(), purge: { removed: [], left: [], localLists: [] } });
    expect(md).toContain('\n**Purged source tags:** none.\n\n');
    expect(md).not.toContain('Left in place');
  });

  test('a | in a config value does not break the table (issue 17 item 13)', () => {
    const win = entry(
      'ghcr.io/o/app:win',
      { os: 'windows', architecture: 'amd64', 'os.version': '10.0|bad' },
      MediaType.DockerManifest
    );
    const md = summaryMarkdown({ ...result(), entries: [win] });
    const row = md.split('\n').find((l) => l.startsWith('| windows/amd64'))!;
    expect(row).toContain('10.0&#124;bad');
    expect(row.split('|')).toHaveLength(6); // four cells
  });

  test('code spans are HTML-escaped', () => {
    const md = summaryMarkdown({ ...result(), tags: ['a<b>&c'] });
    expect(md).toContain('**Tags:** <code>a&lt;b&gt;&amp;c</code>\n');
  });
});

describe('failureSummaryMarkdown', () => {
  test('what failed and which tags were already written', () => {
    const md = failureSummaryMarkdown('push ghcr.io/o/app:2: ghcr.io answered HTTP 500', ['ghcr.io/o/app:1']);
    expect(md).toContain('> push ghcr.io/o/app:2: ghcr.io answered HTTP 500\n');
    expect(md).toContain(
      '**Tags already written** (they hold the new list; the others do not): <code>ghcr.io/o/app:1</code>'
    );
    expect(failureSummaryMarkdown('bad <input>')).toContain('> bad &lt;input&gt;\n\n**Tags written:** none');
  });
});

describe("GitHub's limits (issue 17 item 5)", () => {
  test('an output over 1 MB is left empty with one warning naming inspect; the others stay', () => {
    const outputs = { ...outputsOf(result()), manifest: 'x'.repeat(OUTPUT_LIMIT + 1) };
    const capped = capOutputs(outputs, 'ghcr.io/o/app@sha256:x');
    expect(capped.outputs).toEqual({ ...outputs, manifest: '' });
    expect(capped.warnings).toHaveLength(1);
    expect(capped.warnings[0]).toMatch(/`manifest` output is left empty.*inspect.*ghcr\.io\/o\/app@sha256:x/);
    expect(capOutputs(outputsOf(result()), 'r').warnings).toEqual([]);
  });

  test('a summary that fits is the full summary, without a warning', () => {
    const r = result();
    expect(summaryWithin(r)).toEqual({ markdown: summaryMarkdown(r) });
  });

  test('many entries and a large JSON: shortened to the limit, rows cut, one warning naming inspect', () => {
    const entries = Array.from({ length: 400 }, (_, i) =>
      entry(`ghcr.io/o/app:v${i}`, { os: 'linux', architecture: `arch${i}` }, MediaType.OciManifest)
    );
    const list = buildList(
      entries.map((e) => e.image.descriptor),
      'oci',
      { big: 'y'.repeat(50_000) }
    );
    const r = { ...result(), entries, manifest: list.bytes.toString('utf8') };
    const limit = 40_000;
    const { markdown, warning } = summaryWithin(r, undefined, limit);
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(limit);
    expect(warning).toMatch(/job summary shows part of the list.*inspect/);
    expect(markdown).toContain(warning!);
    expect(markdown).toContain('| linux/arch0 |');
    expect(markdown).not.toContain('| linux/arch399 |');
    expect(markdown).toMatch(/… and \d+ more entries \(left out of this summary\)/);
    expect(markdown).toContain(r.digest);
  });
});
