/**
 * Open a run's first wave of connections alongside the ping: its requests then find them ready
 * instead of paying TCP and TLS handshakes after the token (round trips nothing else can hide).
 * Each is an unauthenticated `GET /v2/` on the scheme the ping tries first; its answer is not
 * needed, only the keep-alive connection it leaves in the pool.
 */
import { type HostSettings } from './hosts';
import { firstBase } from './ping';
import { type Transport } from './transport';

/** `parallel`: connections wanted in all; the ping opens the first. `sent` counts each request. */
export function warmUp(
  transport: Transport,
  host: HostSettings,
  parallel: number,
  sent: () => void,
  signal?: AbortSignal
): void {
  const base = firstBase(host);
  for (let i = 1; i < parallel; i++) {
    sent();
    transport
      .request({ method: 'GET', url: `${base}/v2/`, skipVerify: host.skipVerify, maxBytes: 64 * 1024, signal })
      .catch(() => undefined);
  }
}
