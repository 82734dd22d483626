/**
 * Preloaded into the process under test (NODE_OPTIONS=--require …/corp-resolver.cjs): names under
 * `.corp.test` resolve to 127.0.0.1, so a test reaches its loopback registries by names that are
 * not loopback (as a runner behind a corporate proxy reaches its registries), without touching
 * /etc/hosts. Every other name resolves as usual.
 */
'use strict';
const dns = require('node:dns');

const original = dns.lookup;
dns.lookup = function lookup(host, options, callback) {
  if (typeof host === 'string' && host.toLowerCase().endsWith('.corp.test')) {
    const cb = typeof options === 'function' ? options : callback;
    const all = typeof options === 'object' && options !== null && options.all;
    process.nextTick(() => (all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)));
    return {};
  }
  return original.call(this, host, options, callback);
};
