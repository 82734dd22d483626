/**
 * Which proxy a request goes through, from the environment as curl and Go read it: HTTPS_PROXY for
 * https URLs, HTTP_PROXY for http ones, NO_PROXY for the exceptions; for each, the uppercase name
 * wins when both spellings are set (Go's httpproxy.FromEnvironment). Pure: the environment is passed in.
 */
import net from 'node:net';

export interface ProxyConfig {
  /** The proxy for https URLs, as given. */
  https?: string;
  /** The proxy for http URLs, as given. */
  http?: string;
  /** NO_PROXY's entries, trimmed and lowercased. */
  noProxy: string[];
}

/** A proxy to use: where it is and how to authenticate to it (never printed). */
export interface ProxyTarget {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number;
  /** `host:port`, the proxy's name in messages: never with its credentials. */
  name: string;
  /** `Basic …` from the URL's user and password, if any. */
  authorization?: string;
}

function pick(env: NodeJS.ProcessEnv, upper: string): string | undefined {
  const v = env[upper] || env[upper.toLowerCase()];
  return v?.trim() || undefined;
}

export function proxyConfig(env: NodeJS.ProcessEnv): ProxyConfig {
  return {
    https: pick(env, 'HTTPS_PROXY'),
    http: pick(env, 'HTTP_PROXY'),
    noProxy: (pick(env, 'NO_PROXY') ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter((s) => s)
  };
}

/** The proxy URL parsed; a bare `host:port` means plain HTTP to the proxy, as curl and Go take it. */
export function parseProxy(value: string): ProxyTarget {
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`proxy ${url.host}: scheme ${url.protocol} is not supported (http:// or https://)`);
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  return {
    protocol: url.protocol,
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    name: `${url.hostname}:${port}`,
    ...(user || password ? { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } : {})
  };
}

/** Loopback is never proxied (Go's rule, and the toolkit's). */
function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1';
}

/** Split `host[:port]` / `[v6][:port]` / a bare IPv6 literal. */
function splitHostPort(entry: string): { host: string; port?: number } {
  if (entry.startsWith('[')) {
    const end = entry.indexOf(']');
    const rest = entry.slice(end + 1);
    return { host: entry.slice(1, end), port: rest.startsWith(':') ? Number(rest.slice(1)) : undefined };
  }
  if (net.isIPv6(entry)) return { host: entry };
  const colon = entry.lastIndexOf(':');
  if (colon > 0 && /^\d+$/.test(entry.slice(colon + 1)))
    return { host: entry.slice(0, colon), port: Number(entry.slice(colon + 1)) };
  return { host: entry };
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const family = net.isIPv4(base) ? 'ipv4' : net.isIPv6(base) ? 'ipv6' : undefined;
  if (!family || !/^\d+$/.test(bits) || net.isIP(ip) === 0) return false;
  const list = new net.BlockList();
  try {
    list.addSubnet(base, Number(bits), family);
  } catch {
    return false;
  }
  return list.check(ip, net.isIPv4(ip) ? 'ipv4' : 'ipv6');
}

/**
 * Whether one NO_PROXY entry covers `host` on `port`: `*` everything; an IP literal that address; a
 * CIDR its range; `corp.test` that name and its subdomains; `.corp.test` and `*.corp.test` the
 * subdomains and (as curl reads a leading dot) the name itself; `:port` narrows any of them.
 */
export function noProxyMatches(entry: string, host: string, port: number): boolean {
  if (entry === '*') return true;
  const h = host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (entry.includes('/')) return inCidr(h, entry);
  const e = splitHostPort(entry);
  if (e.port !== undefined && e.port !== port) return false;
  const name = e.host.replace(/^\*?\./, '').replace(/\.$/, '');
  if (!name) return false;
  if (net.isIP(name) || net.isIP(h)) return name === h;
  return h === name || h.endsWith(`.${name}`);
}

/** The proxy for `url`, or undefined to go direct (no proxy set, loopback, or NO_PROXY covers it). */
export function proxyFor(url: URL, config: ProxyConfig): ProxyTarget | undefined {
  const value = url.protocol === 'https:' ? config.https : config.http;
  if (!value) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isLoopbackHost(host)) return undefined;
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  if (config.noProxy.some((entry) => noProxyMatches(entry, host, port))) return undefined;
  return parseProxy(value);
}
