/**
 * action.yml read as GitHub reads it, the fixed v1 contract (../shared/interface.md), and the
 * markdown tables the README documents them in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseYaml, type YamlValue } from './yaml';

export const ROOT = path.resolve(__dirname, '../..');

export interface InputMeta {
  name: string;
  required: boolean;
  /** undefined: no default given */
  default?: string;
  description: string;
}

export interface ActionMeta {
  raw: Record<string, YamlValue>;
  inputs: InputMeta[];
  outputs: Array<{ name: string; description: string }>;
}

const asMap = (v: YamlValue | undefined, what: string): Record<string, YamlValue> => {
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v))
    throw new Error(`${what} is not a mapping`);
  return v;
};

/** YAML 1.2 core booleans, which is what the runner accepts for `required`. */
function yamlBool(v: YamlValue | undefined, what: string): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string' && /^(true|True|TRUE)$/.test(v)) return true;
  if (typeof v === 'string' && /^(false|False|FALSE)$/.test(v)) return false;
  throw new Error(`${what}: not a boolean: ${JSON.stringify(v)}`);
}

export function readActionYml(file = path.join(ROOT, 'action.yml')): ActionMeta {
  const raw = asMap(parseYaml(fs.readFileSync(file, 'utf8')), 'action.yml');
  const inputs = Object.entries(asMap(raw.inputs ?? {}, 'inputs')).map(([name, v]) => {
    const m = asMap(v, `inputs.${name}`);
    const def = m.default;
    if (def !== undefined && typeof def !== 'string') throw new Error(`inputs.${name}.default is not a scalar`);
    return {
      name,
      required: yamlBool(m.required, `inputs.${name}.required`),
      default: def ?? undefined,
      description: String(m.description ?? '')
    };
  });
  const outputs = Object.entries(asMap(raw.outputs ?? {}, 'outputs')).map(([name, v]) => ({
    name,
    description: String(asMap(v, `outputs.${name}`).description ?? '')
  }));
  return { raw, inputs, outputs };
}

/**
 * The v2 interface with the v3 additions, fixed: names, required flags and defaults. ../shared/interface.md is the
 * source of truth where it is checked out beside this repository; this copy keeps the check
 * alive where it is not (a GitHub runner).
 */
export const CONTRACT = {
  inputs: [
    { name: 'tags', required: true, default: undefined },
    // v3: the sources may all come from files (sources-from), so sources itself is optional.
    { name: 'sources', required: false, default: '' },
    { name: 'sources-from', required: false, default: '' },
    { name: 'annotations', required: false, default: '' },
    { name: 'insecure', required: false, default: 'false' },
    { name: 'purge', required: false, default: 'false' },
    { name: 'amend', required: false, default: 'false' },
    { name: 'format', required: false, default: 'auto' },
    { name: 'push', required: false, default: 'true' },
    { name: 'platforms', required: false, default: '' },
    { name: 'attestations', required: false, default: 'keep' },
    { name: 'referrers', required: false, default: 'false' },
    { name: 'github-token', required: false, default: '${{ github.token }}' },
    { name: 'summary', required: false, default: 'true' },
    { name: 'username', required: false, default: '' },
    { name: 'password', required: false, default: '' },
    { name: 'registry-auth', required: false, default: '' }
  ] as Array<{ name: string; required: boolean; default?: string }>,
  outputs: ['digest', 'ref', 'media-type', 'manifest', 'platforms', 'refs', 'metadata']
};

export const INTERFACE_MD = path.resolve(ROOT, '../shared/interface.md');

/** Split a markdown table row on unescaped pipes, outside `code spans`. */
export function splitRow(line: string): string[] {
  const t = line.trim();
  if (!t.startsWith('|')) return [];
  const cells: string[] = [];
  let cur = '';
  let inCode = false;
  for (let i = 1; i < t.length; i++) {
    const c = t[i];
    if (c === '\\' && t[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (c === '`') {
      inCode = !inCode;
      cur += c;
    } else if (c === '|' && !inCode) {
      cells.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim() !== '') cells.push(cur.trim());
  return cells;
}

export interface MdTable {
  header: string[];
  rows: string[][];
}

/** The first table under the heading whose text is `heading` (any level), before the next heading of that level or higher. */
export function tableUnder(markdown: string, heading: string): MdTable | undefined {
  const lines = markdown.split('\n');
  let inFence = false;
  let level = 0;
  let start = -1;
  for (let i = 0; i < lines.length; i++) {
    if (/^(```|~~~)/.test(lines[i])) inFence = !inFence;
    if (inFence) continue;
    const h = /^(#{1,6})\s+(.*?)\s*$/.exec(lines[i]);
    if (h && start < 0 && h[2] === heading) {
      start = i + 1;
      level = h[1].length;
    } else if (h && start >= 0 && h[1].length <= level) {
      lines.length = i;
      break;
    }
  }
  if (start < 0) return undefined;
  inFence = false;
  for (let i = start; i < lines.length; i++) {
    if (/^(```|~~~)/.test(lines[i])) inFence = !inFence;
    if (inFence || !lines[i].trim().startsWith('|')) continue;
    const header = splitRow(lines[i]);
    if (!/^\|\s*:?-{3,}/.test(lines[i + 1]?.trim() ?? '')) continue;
    const rows: string[][] = [];
    for (let j = i + 2; j < lines.length && lines[j].trim().startsWith('|'); j++) rows.push(splitRow(lines[j]));
    return { header, rows };
  }
  return undefined;
}

/** `name` → name; anything else is returned trimmed, as is. */
export const unCode = (cell: string): string => {
  const m = /^`([^`]*)`$/.exec(cell.trim());
  return m ? m[1] : cell.trim();
};

/**
 * A default cell as the README (and interface.md) write it: empty = no default, `""` = the empty
 * string, `value` = value.
 */
export function parseDefaultCell(cell: string): string | undefined {
  const c = cell.trim();
  if (c === '') return undefined;
  const v = unCode(c);
  return v === '""' || v === "''" ? '' : v;
}

export function parseRequiredCell(cell: string): boolean {
  const c = cell.trim().toLowerCase();
  if (c === 'yes' || c === 'true') return true;
  if (c === 'no' || c === 'false') return false;
  throw new Error(`required cell must be yes or no, got "${cell}"`);
}
