/**
 * The bytes of a blob upload on their way: hashed and counted as they pass, so an upload is
 * committed only when the source sent exactly the promised bytes (a bad blob is never stored).
 */
import { createHash } from 'node:crypto';
import { type Readable, Transform } from 'node:stream';
import { algorithmOf } from '../model/digest';
import { IntegrityError } from '../model/errors';
import { streamedBytes } from '../util/memory';

export interface CheckedBytes {
  /** What to send: the source's bytes, failing the stream on too many or too few. */
  body: Transform;
  /** After the stream ended: the bytes seen and their digest. */
  result(): { seen: number; digest: string };
}

/** Pipe `source` through a hash and a byte count; `onBytes` hears of every chunk sent. */
export function checkedBytes(
  source: Readable,
  digest: string,
  size: number,
  onBytes?: (n: number) => void
): CheckedBytes {
  // The digest's own algorithm (sha512 too); an unusable one fails here, before a byte is sent.
  const algorithm = algorithmOf(digest);
  const hash = createHash(algorithm);
  let seen = 0;
  const body = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      seen += chunk.length;
      streamedBytes(chunk.length);
      if (seen > size)
        return done(
          new IntegrityError(`blob ${digest}: the source sent more than the ${size} bytes its descriptor says`)
        );
      onBytes?.(chunk.length);
      done(null, chunk);
    },
    flush(done) {
      // A short body would leave the registry waiting for the rest until the timeout.
      done(
        seen === size ? null : new IntegrityError(`blob ${digest}: the source ended after ${seen} of ${size} bytes`)
      );
    }
  });
  // A source that breaks off is a dropped connection (retryable), whatever its error says.
  source.on('error', (err) =>
    body.destroy(Object.assign(err, { code: (err as NodeJS.ErrnoException).code ?? 'ECONNRESET' }))
  );
  source.pipe(body);
  let final: { seen: number; digest: string } | undefined;
  return {
    body,
    result: () => (final ??= { seen, digest: `${algorithm}:${hash.digest('hex')}` })
  };
}
