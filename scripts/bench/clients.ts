/** The three fan-in clients (the action, docker manifest, buildah manifest), each run timed. */
import fs from 'node:fs';
import path from 'node:path';
import { basicAuthEntry, writeDockerConfig } from '../../harness/docker-config';
import type { TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import type { Args } from './args';
import { isolated } from './blob-cache';
import { cpuMeter } from './cpu';
import { netSample, resetNet, type Net, type Sample } from './net';
import { exec, RUN_TIMEOUT_MS, tmpDir, toolEnv } from './util';

export type Client = 'action' | 'docker' | 'buildah';
export const CLIENT_LABEL: Record<Client, string> = {
  action: 'action',
  docker: 'docker manifest',
  buildah: 'buildah manifest'
};

export interface Creds {
  /** DOCKER_CONFIG dir with config.json holding every registry host the bench uses */
  dir: string;
  file: string;
}

/** Credentials of `reg` under each of `hosts` (the proxies' names for it; default its own). */
export function writeCreds(entries: Array<{ reg: TestRegistry; hosts?: string[] }>): Creds {
  const dir = tmpDir('creds');
  const auths: Record<string, { auth: string }> = {};
  for (const { reg, hosts } of entries)
    for (const h of hosts ?? [reg.host]) auths[h] = basicAuthEntry(reg.user!, reg.password!);
  writeDockerConfig(dir, { auths });
  return { dir, file: path.join(dir, 'config.json') };
}

export async function runActionClient(
  args: Args,
  creds: Creds,
  target: string,
  sources: string[]
): Promise<{ ms: number; t0: number }> {
  const t0 = performance.now();
  const res = await runAction(
    { tags: target, sources: sources.join('\n') },
    { script: args.action, dockerConfig: creds.dir, timeoutMs: RUN_TIMEOUT_MS }
  );
  const ms = performance.now() - t0;
  if (res.code !== 0)
    throw new Error(`bench: the action failed for ${target} (exit ${res.code}):\n${res.stdout}\n${res.stderr}`);
  if (!/^sha256:[0-9a-f]{64}$/.test(res.outputs.digest ?? ''))
    throw new Error(`bench: the action set no digest output for ${target}`);
  return { ms, t0 };
}

async function runDockerClient(creds: Creds, target: string, sources: string[]): Promise<number> {
  const dir = tmpDir('docker');
  fs.copyFileSync(creds.file, path.join(dir, 'config.json'));
  const env = toolEnv(dir);
  try {
    const create = await exec('docker', ['manifest', 'create', '--insecure', target, ...sources], env);
    if (create.code !== 0)
      throw new Error(`bench: docker manifest create ${target} failed (exit ${create.code}): ${create.out.trim()}`);
    const push = await exec('docker', ['manifest', 'push', '--insecure', target], env);
    if (push.code !== 0)
      throw new Error(`bench: docker manifest push ${target} failed (exit ${push.code}): ${push.out.trim()}`);
    return create.ms + push.ms;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const BUILDAH_SCRIPT = `set -e
D=$1; AUTH=$2; TARGET=$3; shift 3
b() { buildah --storage-driver vfs --root "$D/root" --runroot "$D/run" "$@"; }
b manifest create fanin-list >/dev/null
for s in "$@"; do b manifest add --tls-verify=false --authfile "$AUTH" fanin-list "docker://$s" >/dev/null; done
b manifest push --all --quiet --tls-verify=false --authfile "$AUTH" --digestfile "$D/digest" fanin-list "docker://$TARGET"
`;

async function runBuildahClient(creds: Creds, target: string, sources: string[]): Promise<number> {
  const dir = tmpDir('buildah');
  const env = toolEnv(dir);
  try {
    const { cmd, argv } = isolated(BUILDAH_SCRIPT, [dir, creds.file, target, ...sources]);
    const r = await exec(cmd, argv, env);
    if (r.code !== 0)
      throw new Error(`bench: buildah manifest … push ${target} failed (exit ${r.code}): ${r.out.trim()}`);
    const digest = fs.readFileSync(path.join(dir, 'digest'), 'utf8').trim();
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new Error(`bench: buildah wrote no digest for ${target}`);
    // Not timed: the list's removal from local storage (the temp root goes anyway).
    await exec(
      'buildah',
      ['--storage-driver', 'vfs', '--root', `${dir}/root`, '--runroot', `${dir}/run`, 'manifest', 'rm', 'fanin-list'],
      env
    );
    return r.ms;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function runClient(
  client: Client,
  args: Args,
  net: Net,
  creds: Creds,
  target: string,
  sources: string[]
): Promise<Sample> {
  resetNet(net);
  const cpu = cpuMeter(net.registryPid);
  let ms: number;
  if (client === 'action') ms = (await runActionClient(args, creds, target, sources)).ms;
  else if (client === 'docker') ms = await runDockerClient(creds, target, sources);
  else ms = await runBuildahClient(creds, target, sources);
  return netSample(net, ms, args.handshakeRtts, cpu());
}
