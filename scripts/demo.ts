/**
 * The demo: `npm run demo` (scripts/demo.sh builds this file with ncc and runs it on Node 24).
 *
 * 1. Starts a throwaway registry (Debian's docker-registry, CNCF distribution 2.8) on 127.0.0.1.
 * 2. Pushes small per-architecture images into separate repositories, the way a matrix of build
 *    jobs leaves them: a Docker v2 image by tag, an OCI image pushed by digest only, a Docker
 *    image whose config says "arm" without a variant (fixed with a `docker manifest annotate`
 *    style line), and a buildx-style OCI index carrying a provenance attestation.
 * 3. Runs the bundled dist/index.js exactly as the GitHub runner does (INPUT_* variables,
 *    GITHUB_OUTPUT, GITHUB_STEP_SUMMARY files) and prints its log, outputs, list and job summary.
 * 4. Checks, with an independent client, that the registry serves that very list (same bytes,
 *    same digest) at every tag and that every child it names exists in the target repository.
 *
 * Exits non-zero on any failure; the registry is stopped either way. With `--keep` the registry
 * stays up until Ctrl-C and .tmp/demo.env holds inputs for `@github/local-action` against it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startRegistry, type TestRegistry } from '../harness/registry';
import { getManifest, pushBuildxStyle, pushImage, sha256 } from '../harness/images';
import { runAction, type ActionResult } from '../harness/run-action';

// demo.sh runs us from the repository root; FANIN_DEMO_ROOT overrides (e.g. to try another checkout).
const ROOT = path.resolve(process.env.FANIN_DEMO_ROOT ?? process.cwd());
const ACTION = path.join(ROOT, 'dist/index.js');
// --keep: after the checks, leave the registry running (until Ctrl-C) and write .tmp/demo.env.
const KEEP = process.argv.includes('--keep');

const tty = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (s: string) => (tty ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s: string) => (tty ? `\x1b[2m${s}\x1b[0m` : s);
const green = (s: string) => (tty ? `\x1b[32m${s}\x1b[0m` : s);
const red = (s: string) => (tty ? `\x1b[31m${s}\x1b[0m` : s);

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

function heading(title: string): void {
  console.log(`\n${bold(`━━ ${title} `.padEnd(78, '━'))}`);
}

/** The runner turns workflow commands into folds and annotations; show them the same way. */
function renderLog(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let m: RegExpExecArray | null;
    if ((m = /^::group::(.*)$/.exec(line))) out.push(bold(`▼ ${m[1]}`));
    else if (line === '::endgroup::') continue;
    else if ((m = /^::(warning|error|notice)[^:]*::(.*)$/.exec(line)))
      out.push(`${m[1] === 'error' ? red('Error') : bold(m[1][0].toUpperCase() + m[1].slice(1))}: ${m[2]}`);
    else if (/^::(debug|add-mask)::/.test(line)) continue;
    else out.push(`  ${line}`);
  }
  return out.join('\n');
}

const failures: string[] = [];
function check(ok: boolean, what: string): void {
  console.log(`${ok ? green('✔') : red('✘')} ${what}`);
  if (!ok) failures.push(what);
}

async function main(): Promise<void> {
  heading('1. A throwaway registry');
  const reg: TestRegistry = await startRegistry();
  try {
    const host = reg.host;
    console.log(`docker-registry (distribution 2.8) on ${reg.url}, storage in ${reg.root}`);

    heading('2. Per-architecture images, as a matrix of build jobs leaves them');
    const amd64 = await pushImage(reg, 'demo/build-amd64', 'run-42', { architecture: 'amd64', format: 'docker' });
    const arm64 = await pushImage(reg, 'demo/build-arm64', undefined, { architecture: 'arm64', format: 'oci' });
    const armv7 = await pushImage(reg, 'demo/build-arm', 'run-42', { architecture: 'arm', format: 'docker' });
    const s390x = await pushBuildxStyle(reg, 'demo/build-s390x', 'run-42', { architecture: 's390x' });
    const sources = [
      `${host}/demo/build-amd64:run-42`,
      `${host}/demo/build-arm64@${arm64.digest}`,
      `${host}/demo/build-arm:run-42`,
      `${host}/demo/build-s390x:run-42`
    ];
    console.log(`${sources[0]}\n    Docker v2 image, linux/amd64, pushed by tag  ${dim(amd64.digest)}`);
    console.log(`${sources[1]}\n    OCI image, linux/arm64, pushed by digest only (push-by-digest=true)`);
    console.log(`${sources[2]}\n    Docker v2 image whose config says "arm" and no variant  ${dim(armv7.digest)}`);
    console.log(
      `${sources[3]}\n    buildx-style OCI index: linux/s390x image + provenance attestation  ${dim(s390x.digest)}`
    );

    heading('3. The action, run as the GitHub runner runs it');
    const tags = [`${host}/demo/app:1.0.0`, `${host}/demo/app:latest`];
    const inputs = {
      tags: tags.join('\n'),
      sources: sources.join('\n'),
      // The lines docker/metadata-action prints with DOCKER_METADATA_ANNOTATIONS_LEVELS=index,manifest-descriptor,
      // plus one `docker manifest annotate`-style line.
      annotations: [
        'index:org.opencontainers.image.title=demo',
        'index:org.opencontainers.image.version=1.0.0',
        'manifest-descriptor:org.opencontainers.image.version=1.0.0',
        `${host}/demo/build-arm:run-42 --variant v7`
      ].join('\n')
    };
    for (const [k, v] of Object.entries(inputs))
      console.log(`INPUT_${k.toUpperCase()}=${v.includes('\n') ? `\n${v.replace(/^/gm, '    ')}` : v}`);
    console.log(
      dim(`node ${path.relative(process.cwd(), ACTION) || ACTION}   (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY: temp files)`)
    );
    const started = Date.now();
    const res: ActionResult = await runAction(inputs, { script: ACTION, timeoutMs: 60_000 });
    const ms = Date.now() - started;

    heading(`The action's log (exit code ${res.code}, ${ms} ms)`);
    console.log(renderLog(res.stdout));
    if (res.stderr.trim()) console.log(dim(res.stderr.trim()));
    if (res.code !== 0) {
      check(false, `the action exited with code ${res.code}`);
      return;
    }

    heading('Outputs (parsed from GITHUB_OUTPUT)');
    for (const name of ['digest', 'ref', 'media-type', 'platforms'])
      console.log(`${name.padEnd(11)} ${res.outputs[name] ?? red('(not set)')}`);

    heading('The list (outputs.manifest, byte for byte as pushed)');
    console.log(res.outputs.manifest);

    heading('Job summary (GITHUB_STEP_SUMMARY, markdown)');
    // The summary ends with the manifest in a <details> fold; it is printed above already.
    const fold = res.summary.indexOf('<details>');
    console.log(
      fold >= 0
        ? `${res.summary.slice(0, fold).trim()}\n${dim('<details><summary>Manifest</summary> … the list JSON shown above … </details>')}`
        : res.summary.trim()
    );

    heading('4. Checks against the registry, with an independent client');
    const digest = res.outputs.digest ?? '';
    check(/^sha256:[0-9a-f]{64}$/.test(digest), `digest output is a sha256 digest: ${digest}`);
    check(sha256(res.outputs.manifest ?? '') === digest, 'digest = sha256 of the manifest output bytes');
    check(res.outputs.ref === `${host}/demo/app@${digest}`, `ref = ${host}/demo/app@<digest>`);
    const expected = 'linux/amd64,linux/arm64,linux/arm/v7,linux/s390x';
    check(
      res.outputs.platforms === expected,
      `platforms = ${expected} (source order; the attestation is not a platform)`
    );
    for (const tag of ['1.0.0', 'latest']) {
      const got = await getManifest(reg, 'demo/app', tag);
      check(
        got.status === 200 && got.digest === digest,
        `GET /v2/demo/app/manifests/${tag} → ${got.status}, Docker-Content-Digest ${got.digest ?? 'none'}`
      );
      check(
        got.body === res.outputs.manifest && got.mediaType === res.outputs['media-type'],
        `  serves the same bytes, Content-Type ${got.mediaType}`
      );
    }
    const list = JSON.parse(res.outputs.manifest ?? '{}') as {
      manifests?: Array<{
        digest: string;
        mediaType: string;
        platform?: { os: string; architecture: string; variant?: string };
      }>;
    };
    for (const child of list.manifests ?? []) {
      const got = await getManifest(reg, 'demo/app', child.digest);
      const p =
        child.platform?.os === 'unknown'
          ? 'attestation'
          : child.platform
            ? [child.platform.os, child.platform.architecture, child.platform.variant].filter(Boolean).join('/')
            : '?';
      check(
        got.status === 200,
        `child ${p.padEnd(13)} ${child.digest.slice(0, 19)}… present in demo/app (copied across repositories)`
      );
    }
    const attestations = (list.manifests ?? []).filter((m) => m.platform?.os === 'unknown');
    check(
      attestations.length === 1 && attestations[0].digest === s390x.attestationDigest,
      'the s390x provenance attestation was carried along'
    );

    if (KEEP && failures.length === 0) {
      // Leave the registry up for local runs of the source (@github/local-action) or the CLI.
      const envFile = path.join(ROOT, '.tmp/demo.env');
      const quoted = (v: string) => (v.includes('\n') ? `"${v}"` : v);
      fs.mkdirSync(path.dirname(envFile), { recursive: true });
      fs.rmSync(path.join(ROOT, '.tmp/local-action-summary.md'), { force: true }); // summaries append
      fs.writeFileSync(
        envFile,
        [
          `# Written by npm run demo -- --keep: the registry at ${reg.url} lives while the demo waits.`,
          `INPUT_TAGS=${host}/demo/app:local`,
          `INPUT_SOURCES=${quoted(inputs.sources)}`,
          `INPUT_ANNOTATIONS=${quoted(inputs.annotations)}`,
          'ACTIONS_STEP_DEBUG=false',
          `GITHUB_STEP_SUMMARY=${path.join(ROOT, '.tmp/local-action-summary.md')}`,
          `DOCKER_CONFIG=${path.join(ROOT, '.tmp/demo-docker-config')}`,
          ''
        ].join('\n')
      );
      heading('The registry stays up (--keep)');
      console.log(`registry: ${reg.url}   inputs for a local run: ${path.relative(process.cwd(), envFile)}`);
      console.log(`  npx @github/local-action run . src/edges/action.ts ${path.relative(process.cwd(), envFile)}`);
      console.log(
        `  node bin/manifest-fanin.js --tags ${host}/demo/app:cli ${sources.map((s) => `--sources ${s}`).join(' ')}`
      );
      console.log('Press Ctrl-C to stop it.');
      await new Promise<void>((resolve) => {
        const alive = setInterval(() => undefined, 1 << 30); // signal handlers alone keep no process alive
        const stop = () => {
          clearInterval(alive);
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    }
  } finally {
    await reg.stop();
    console.log(dim(`\nregistry stopped; demo took ${elapsed()}`));
  }
}

main()
  .catch((err: unknown) => {
    failures.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
    console.error(red(`demo failed: ${failures[failures.length - 1]}`));
  })
  .finally(() => {
    if (failures.length) {
      console.error(red(`\n${failures.length} check(s) failed`));
      process.exitCode = 1;
    } else {
      console.log(
        green('\nDemo passed: the registry serves the list at every tag, under the digest the action reported.')
      );
    }
  });
