/**
 * Run the action (dist/index.js) the way runAction does, and measure its peak resident memory.
 *
 * runAction spawns `node <script>` and keeps the pid to itself, so we give it a tiny wrapper
 * script that writes its pid to a file and then `require`s dist/index.js in the same process
 * (no second process: the bundle runs exactly as under `node dist/index.js`, same __dirname).
 * While it runs we poll /proc/<pid>/status every ~50 ms for VmHWM (the kernel's peak RSS of the
 * process); at exit the wrapper also writes its own final /proc/self/status, which holds the
 * definitive VmHWM even if the last poll missed the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAction, type ActionResult, type RunOptions } from './run-action';

const DIST = path.resolve(__dirname, '../dist/index.js');

export interface MeasuredRun extends ActionResult {
  /** peak RSS of the action process in bytes (max of polled and final VmHWM) */
  peakRssBytes: number;
  /** number of successful polls of /proc/<pid>/status */
  polls: number;
  pid?: number;
  wallMs: number;
  /** Garbage collections the action forced (a `gc()` call, as src/util/memory.ts makes), seen by a perf_hooks observer. */
  forcedGcs: number;
  /** Every file the process loaded by `require` (the bundle's chunks among them), at exit. */
  loaded: string[];
}

/** "VmHWM:   123456 kB" → bytes */
function vmHwm(status: string): number | undefined {
  const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) * 1024 : undefined;
}

export async function runActionMeasured(inputs: Record<string, string>, opts: RunOptions = {}): Promise<MeasuredRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-measure-'));
  const pidFile = path.join(dir, 'pid');
  const statusFile = path.join(dir, 'status-at-exit');
  const seenFile = path.join(dir, 'seen-at-exit');
  const wrapper = path.join(dir, 'wrapper.js');
  fs.writeFileSync(
    wrapper,
    `'use strict';
const fs = require('fs');
const { PerformanceObserver, constants } = require('perf_hooks');
fs.writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
let forcedGcs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (e.detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) forcedGcs++;
}).observe({ entryTypes: ['gc'] });
process.on('exit', () => {
  try { fs.writeFileSync(${JSON.stringify(statusFile)}, fs.readFileSync('/proc/self/status', 'utf8')); } catch {}
  try { fs.writeFileSync(${JSON.stringify(seenFile)}, JSON.stringify({ forcedGcs, loaded: Object.keys(require.cache) })); } catch {}
});
require(${JSON.stringify(opts.script ?? DIST)});
`
  );
  let peak = 0;
  let polls = 0;
  let pid: number | undefined;
  let running = true;
  const poller = (async () => {
    while (running) {
      try {
        pid ??= Number(fs.readFileSync(pidFile, 'utf8')) || undefined;
        if (pid) {
          const hwm = vmHwm(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
          if (hwm !== undefined) {
            peak = Math.max(peak, hwm);
            polls++;
          }
        }
      } catch {
        /* not started yet, or already gone */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const t0 = Date.now();
  let res: ActionResult;
  try {
    res = await runAction(inputs, { ...opts, script: wrapper });
  } finally {
    running = false;
    await poller;
  }
  const wallMs = Date.now() - t0;
  try {
    const final = vmHwm(fs.readFileSync(statusFile, 'utf8'));
    if (final !== undefined) peak = Math.max(peak, final);
  } catch {
    /* the process died before its exit hook: the polled figure stands */
  }
  let seen = { forcedGcs: 0, loaded: [] as string[] };
  try {
    seen = JSON.parse(fs.readFileSync(seenFile, 'utf8')) as typeof seen;
  } catch {
    /* the process died before its exit hook */
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { ...res, peakRssBytes: peak, polls, pid, wallMs, ...seen };
}
