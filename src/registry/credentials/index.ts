/** Credentials: the lookup (one owner of the order) and what its readers share. */
export * from './lookup';
