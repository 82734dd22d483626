/**
 * Platforms: normalized as containerd does, formatted, matched, and checked when read from a
 * registry. Pure.
 */
import { InputError } from './errors';

/** An OCI/Docker platform object, field names as they appear in the JSON. */
export interface Platform {
  architecture: string;
  os: string;
  'os.version'?: string;
  'os.features'?: string[];
  variant?: string;
}

const ARCH_ALIASES: Record<string, { architecture: string; variant?: string }> = {
  x86_64: { architecture: 'amd64' },
  'x86-64': { architecture: 'amd64' },
  x64: { architecture: 'amd64' },
  aarch64: { architecture: 'arm64' },
  armhf: { architecture: 'arm', variant: 'v7' },
  armel: { architecture: 'arm', variant: 'v6' },
  i386: { architecture: '386' },
  i686: { architecture: '386' },
  x86: { architecture: '386' }
};

/** Normalize names the way containerd does, so `x86_64` and `amd64` are one platform. */
export function normalizeArch(arch: string, variant?: string): { architecture: string; variant?: string } {
  const a = arch.trim().toLowerCase();
  const alias = ARCH_ALIASES[a];
  const architecture = alias ? alias.architecture : a;
  let v = variant?.trim().toLowerCase() || alias?.variant;
  if (v && /^\d+$/.test(v) && (architecture === 'arm' || architecture === 'arm64')) v = `v${v}`;
  if (architecture === 'amd64' && v === 'v1') v = undefined;
  return v ? { architecture, variant: v } : { architecture };
}

/** Clean a platform: lowercase os/arch, aliases resolved, empty fields dropped. Pure. */
export function normalizePlatform(p: Platform): Platform {
  const { architecture, variant } = normalizeArch(p.architecture, p.variant);
  const out: Platform = { architecture, os: p.os.trim().toLowerCase() };
  if (p['os.version']) out['os.version'] = p['os.version'];
  if (p['os.features'] && p['os.features'].length > 0) out['os.features'] = [...p['os.features']];
  if (variant) out.variant = variant;
  return out;
}

/**
 * What an image config (parsed JSON) says about its platform: whichever of the fields it has as
 * non-empty strings (possibly none), so annotate flags can complete it. Undefined for a config
 * that is no object. Pure.
 */
export function configPlatformFields(json: unknown): Partial<Platform> | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const j = json as Record<string, unknown>;
  const str = (k: string) => (typeof j[k] === 'string' && (j[k] as string).trim() ? (j[k] as string) : undefined);
  const out: Partial<Platform> = {};
  if (str('os')) out.os = str('os');
  if (str('architecture')) out.architecture = str('architecture');
  if (str('variant')) out.variant = str('variant');
  if (str('os.version')) out['os.version'] = str('os.version');
  const features = j['os.features'];
  if (Array.isArray(features) && features.every((f) => typeof f === 'string'))
    out['os.features'] = features as string[];
  return out;
}

/** `os/arch[/variant]`, the form of the `platforms` output and of `manifest-descriptor[…]`. */
export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/**
 * The identity used to detect duplicates: normalized os/arch/variant/os.version/os.features.
 * arm64/v8 is arm64 and arm is arm/v7, as containerd treats them.
 */
export function platformKey(p: Platform): string {
  const n = normalizePlatform(p);
  // containerd's defaults: arm64 means v8, a bare arm means v7.
  const variant =
    n.architecture === 'arm64' && n.variant === 'v8'
      ? ''
      : n.architecture === 'arm' && !n.variant
        ? 'v7'
        : (n.variant ?? '');
  const features = [...(n['os.features'] ?? [])].sort().join(',');
  return [n.os, n.architecture, variant, n['os.version'] ?? '', features].join('|');
}

/** Attestation manifests that buildx attaches carry this placeholder platform. */
export function isUnknownPlatform(p: Platform | undefined): boolean {
  return !!p && p.os === 'unknown' && p.architecture === 'unknown';
}

/** Parse `os/arch[/variant]` as written in `manifest-descriptor[linux/arm64]:…`. */
export function parsePlatform(s: string): Platform {
  const parts = s.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((x) => !x)) {
    throw new InputError(
      `invalid platform "${s}": expected os/arch or os/arch/variant, e.g. linux/arm64 or linux/arm/v7`
    );
  }
  return normalizePlatform({ os: parts[0], architecture: parts[1], variant: parts[2] });
}

/**
 * Whether `p` matches a platform written as os/arch[/variant]: a pattern without a variant
 * matches every variant, as docker's platform filters do.
 */
export function platformMatches(p: Platform, pattern: Platform): boolean {
  const n = normalizePlatform(p);
  if (n.os !== pattern.os || n.architecture !== pattern.architecture) return false;
  if (!pattern.variant) return true;
  const v = n.variant ?? (n.architecture === 'arm64' ? 'v8' : n.architecture === 'arm' ? 'v7' : undefined);
  return v === pattern.variant;
}

/**
 * A platform object read from a registry (an index entry, a config), checked before any use:
 * `os` and `architecture` non-empty strings, the optional fields of the right type. Returns
 * the reason it is unusable, or undefined when it is fine. Pure.
 */
export function platformProblem(p: unknown): string | undefined {
  if (!p || typeof p !== 'object' || Array.isArray(p)) return 'it is not an object';
  const o = p as Record<string, unknown>;
  for (const k of ['os', 'architecture']) {
    if (o[k] === undefined) return `it has no "${k}"`;
    if (typeof o[k] !== 'string' || !(o[k] as string).trim()) return `its "${k}" is not a non-empty string`;
  }
  for (const k of ['variant', 'os.version'])
    if (o[k] !== undefined && typeof o[k] !== 'string') return `its "${k}" is not a string`;
  const f = o['os.features'];
  if (f !== undefined && !(Array.isArray(f) && f.every((x) => typeof x === 'string')))
    return 'its "os.features" is not a list of strings';
  return undefined;
}

/**
 * os/arch/variant after normalization and containerd's defaults (arm64 = arm64/v8, arm =
 * arm/v7): what the `platforms` input and a template's platform are compared on.
 */
export function osArchVariant(p: Platform): string {
  return platformKey({ os: p.os, architecture: p.architecture, variant: p.variant })
    .split('|')
    .slice(0, 3)
    .join('/')
    .replace(/\/$/, '');
}
