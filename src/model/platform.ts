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
  /** Reserved by the OCI image spec; kept as it is (never set or compared by this action). */
  features?: string[];
}

/** The fields `docker manifest annotate` sets, each with its flag: the one map of field ↔ flag. */
export const PLATFORM_FLAGS = {
  architecture: '--arch',
  os: '--os',
  'os.version': '--os-version',
  'os.features': '--os-features',
  variant: '--variant'
} as const;
export type PlatformField = keyof typeof PLATFORM_FLAGS;

/** The field a `docker manifest annotate` flag sets. */
export function fieldOfFlag(flag: string): PlatformField | undefined {
  return (Object.keys(PLATFORM_FLAGS) as PlatformField[]).find((k) => PLATFORM_FLAGS[k] === flag);
}

/**
 * containerd's defaults: an arm64 without a variant is v8, an arm without one is v7
 * (containerd's platforms.Normalize). The one home of that rule.
 */
export const DEFAULT_VARIANT: Readonly<Record<string, string>> = { arm64: 'v8', arm: 'v7' };

/**
 * What os, architecture and variant may hold: what containerd's platform specifiers allow
 * (`[A-Za-z0-9_-]`, plus the dot some os names carry). A `/` means `arch/variant` written as one
 * value; quotes mean a value copied from a shell line.
 */
const PLATFORM_VALUE = /^[A-Za-z0-9._-]+$/;

/**
 * Why an os, architecture or variant value cannot be written into a list, or undefined when it
 * can. Said so the user knows what to write instead. Pure.
 */
export function platformValueProblem(field: 'os' | 'architecture' | 'variant', value: string): string | undefined {
  if (PLATFORM_VALUE.test(value)) return undefined;
  if (/['"]/.test(value))
    return `${field} ${JSON.stringify(value)} is quoted; nothing here is read by a shell: write ${value.replace(/['"]/g, '')}`;
  if (field === 'architecture' && /^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/.test(value)) {
    const [a, v] = value.split('/');
    return `architecture ${JSON.stringify(value)} holds a variant; the architecture is ${a}, the variant ${v} (--arch ${a} --variant ${v})`;
  }
  return `${field} ${JSON.stringify(value)} holds characters other than letters, digits, ".", "_" and "-"`;
}

/** The first unusable os/architecture/variant of a platform, as platformValueProblem says it. */
export function platformValuesProblem(p: Pick<Platform, 'os' | 'architecture' | 'variant'>): string | undefined {
  for (const k of ['os', 'architecture', 'variant'] as const) {
    const v = p[k];
    const problem = v === undefined ? undefined : platformValueProblem(k, v.trim());
    if (problem) return problem;
  }
  return undefined;
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

/**
 * Clean a platform: lowercase os/arch, aliases resolved, empty fields dropped; fields this action
 * does not set (`features`, unknown ones) kept as they are. Pure.
 */
export function normalizePlatform(p: Platform): Platform {
  const { architecture, variant } = normalizeArch(p.architecture, p.variant);
  const out: Platform = { ...p, architecture, os: p.os.trim().toLowerCase() };
  delete out.variant;
  if (!p['os.version']) delete out['os.version'];
  if (p['os.features'] && p['os.features'].length > 0) out['os.features'] = [...p['os.features']];
  else delete out['os.features'];
  if (variant) out.variant = variant;
  return out;
}

/**
 * The platform fields in the order of the OCI Platform type (as docker prints them), so the same
 * platform always serializes to the same bytes; `withOthers` appends the fields this action does
 * not know, in their order.
 */
export function orderedPlatform(p: Platform, withOthers = false): Platform {
  const out: Platform = { architecture: p.architecture, os: p.os };
  if (p['os.version']) out['os.version'] = p['os.version'];
  if (p['os.features']?.length) out['os.features'] = p['os.features'];
  if (p.variant) out.variant = p.variant;
  if (withOthers) {
    for (const [k, v] of Object.entries(p))
      if (!(k in PLATFORM_FLAGS) && v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  }
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
  // containerd's defaults: arm64 means v8, a bare arm means v7; keyed as arm64 and arm/v7.
  const full = n.variant ?? DEFAULT_VARIANT[n.architecture];
  const variant = n.architecture === 'arm64' && full === DEFAULT_VARIANT.arm64 ? '' : (full ?? '');
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
  const problem = platformValuesProblem({ os: parts[0], architecture: parts[1], variant: parts[2] });
  if (problem) throw new InputError(`invalid platform "${s}": ${problem}`);
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
  return (n.variant ?? DEFAULT_VARIANT[n.architecture]) === pattern.variant;
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
  const values = platformValuesProblem(o as unknown as Platform);
  return values && `its ${values}`;
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
