import { InputError } from '../model/errors';

/** A mistake in the command line itself: exit status 2. */
export class UsageError extends InputError {
  override name = 'UsageError';
}
