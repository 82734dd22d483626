/** The report's first line: when, how, on what machine, with which peer versions, at what load. */
import { spawnSync } from 'node:child_process';
import os from 'node:os';

/** A tool's version from its own output (no daemon contacted), or undefined. */
export function version(cmd: string, argv: string[], re: RegExp): string | undefined {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent' } });
  return re.exec(`${r.stdout ?? ''}${r.stderr ?? ''}`)?.[1];
}

function machine(): string {
  const mem = (os.totalmem() / 2 ** 30).toFixed(1);
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  return `${os.availableParallelism()} CPUs (${cpu}), ${mem} GiB RAM, ${os.type()} ${os.release()}, Node ${process.versions.node}`;
}

export function headline(versions: string[], loadBefore: number, loadAfter: number, startedMs: number): string {
  const when = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const argv = process.argv.length > 2 ? ` (${process.argv.slice(2).join(' ')})` : '';
  const software = ["distribution 2.8 (Debian's docker-registry) with token auth", ...versions].join('; ');
  return (
    `Measured ${when} by \`npm run bench\`${argv} on ${machine()}; ${software}; ` +
    `load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after; ${((Date.now() - startedMs) / 1000).toFixed(0)} s in all.`
  );
}
