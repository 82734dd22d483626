/** CPU: who spent it (the client, the registry, this process's proxies and token server). */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { TestRegistry } from '../../harness/registry';

export interface CpuSplit {
  client: number;
  registry: number;
  bench: number;
}

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** user + system CPU ms of a process, from /proc: its own, or (`children`) that of its waited-for children. */
function procCpuMs(pid: number | 'self', children = false): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // Fields 14–17 of proc(5) (utime, stime, cutime, cstime) are 12–15 here, counted after the name.
    const [u, s] = children ? [f[13], f[14]] : [f[11], f[12]];
    return ((Number(u) + Number(s)) * 1000) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/** The docker-registry process serving `reg` (a child of the harness's watchdog shell). */
export function registryPid(reg: TestRegistry): number | undefined {
  const r = spawnSync('pgrep', ['-f', `^docker-registry serve ${reg.dir}/config`], { encoding: 'utf8' });
  const pid = Number(r.stdout?.trim().split('\n')[0]);
  return Number.isFinite(pid) && pid > 0 ? pid : undefined;
}

/** Start measuring; the returned function gives what each party spent since. */
export function cpuMeter(regPid: number | undefined): () => CpuSplit {
  const c0 = procCpuMs('self', true);
  const r0 = regPid ? procCpuMs(regPid) : NaN;
  const b0 = process.cpuUsage();
  return () => {
    const b = process.cpuUsage(b0);
    return {
      client: procCpuMs('self', true) - c0,
      registry: regPid ? procCpuMs(regPid) - r0 : NaN,
      bench: (b.user + b.system) / 1000
    };
  };
}
