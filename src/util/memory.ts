/**
 * Keeps a large blob copy's memory flat. Every socket read of a streamed blob allocates a fresh
 * buffer; V8 frees dead ones only when its external-memory heuristic fires (some 64 MB later), so
 * a 300 MB copy would lift RSS by that much although nothing is retained. Collecting the young
 * generation every few MiB streamed keeps the peak near the baseline; a minor GC costs ~1 ms.
 */
import type * as V8 from 'node:v8';
import type * as Vm from 'node:vm';

const STEP_BYTES = 2 * 1024 * 1024;
type Collect = (opts?: { type?: 'minor' | 'major' }) => void;
let collect: Collect | undefined | null = null;
let since = 0;

function collector(): Collect | undefined {
  if (collect === null) {
    try {
      // An action cannot pass Node flags; exposing gc at run time is the documented V8 way.
      const v8 = process.getBuiltinModule('node:v8') as typeof V8;
      const vm = process.getBuiltinModule('node:vm') as typeof Vm;
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as Collect;
    } catch {
      collect = undefined;
    }
  }
  return collect;
}

/** Note `bytes` streamed; now and then, free the buffers they left behind. */
export function streamedBytes(bytes: number): void {
  since += bytes;
  if (since < STEP_BYTES) return;
  since = 0;
  collector()?.({ type: 'minor' });
}
