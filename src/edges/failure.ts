/** One line for the log and the failure annotation: what failed, where, and what to do. */
import { InputError, IntegrityError, RegistryError, TransportError } from '../model/errors';

export function oneLine(err: unknown): string {
  const e = err instanceof Error ? err : new Error(String(err));
  const known =
    e instanceof InputError || e instanceof RegistryError || e instanceof TransportError || e instanceof IntegrityError;
  return (known ? e.message : `unexpected error: ${e.message}`).replace(/\s*\n\s*/g, ' ');
}
