/**
 * A small reader for the YAML that action.yml and workflow files use: block mappings, block
 * sequences of scalars or mappings, plain / 'single' / "double" quoted scalars, `|` and `>` block
 * scalars, comments. Anything else (flow collections other than [] and {}, anchors, tags,
 * multi-line plain scalars) throws, so a test never silently reads a file differently than
 * GitHub does. Scalars stay strings: what GitHub reads from action.yml are strings too.
 */
export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  no: number;
  indent: number;
  text: string;
}

function stripComment(s: string): string {
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) {
        if (quote === "'" && s[i + 1] === "'") i++;
        else quote = null;
      } else if (c === '\\' && quote === '"') i++;
    } else if (c === "'" || c === '"') {
      if (i === 0 || /[\s:[{,-]/.test(s[i - 1])) quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]))) return s.slice(0, i).trimEnd();
  }
  return s.trimEnd();
}

function scalar(raw: string, no: number): YamlValue {
  const s = raw.trim();
  if (s === '' || s === '~' || s === 'null') return s === '' ? '' : null;
  if (s.startsWith("'")) {
    if (!s.endsWith("'") || s.length < 2) throw new Error(`line ${no}: unterminated single-quoted scalar`);
    return s.slice(1, -1).replace(/''/g, "'");
  }
  if (s.startsWith('"')) {
    if (!s.endsWith('"') || s.length < 2) throw new Error(`line ${no}: unterminated double-quoted scalar`);
    return JSON.parse(s.replace(/\\\//g, '/')) as string;
  }
  if (s === '{}') return {};
  if (s.startsWith('[') && s.endsWith(']')) {
    // A flow sequence of scalars: [main, 'release/*'].
    const inner = s.slice(1, -1).trim();
    if (inner === '') return [];
    if (/[[\]{}]/.test(inner)) throw new Error(`line ${no}: nested flow collections are not supported: "${s}"`);
    const items = inner.match(/'(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^,]+/g) ?? [];
    return items.map((x) => x.trim()).filter((x) => x !== ',' && x !== '').map((x) => scalar(x, no));
  }
  if (/^[[{&*!|>%@`]/.test(s)) throw new Error(`line ${no}: unsupported YAML construct "${s}"`);
  return s;
}

export function parseYaml(text: string): YamlValue {
  const lines: Line[] = [];
  const raw = text.replace(/\r\n/g, '\n').split('\n');
  for (let i = 0; i < raw.length; i++) {
    if (/^\s*(---|\.\.\.)\s*$/.test(raw[i]) && lines.length === 0) continue;
    if (raw[i].includes('\t') && /^\s*\t/.test(raw[i])) throw new Error(`line ${i + 1}: tab indentation`);
    lines.push({ no: i + 1, indent: raw[i].length - raw[i].trimStart().length, text: raw[i] });
  }
  let pos = 0;
  const skipBlank = () => {
    while (pos < lines.length && stripComment(lines[pos].text).trim() === '') pos++;
  };

  // A `|` or `>` block scalar whose header is on line `pos - 1`; parent indentation `parent`.
  function blockScalar(header: string, parent: number): string {
    const m = /^([|>])([+-]?)$/.exec(header);
    if (!m) throw new Error(`unsupported block scalar header "${header}"`);
    const body: string[] = [];
    let indent = -1;
    while (pos < lines.length) {
      const l = lines[pos];
      if (l.text.trim() === '') {
        body.push('');
        pos++;
        continue;
      }
      if (l.indent <= parent) break;
      if (indent < 0) indent = l.indent;
      if (l.indent < indent) break;
      body.push(l.text.slice(indent));
      pos++;
    }
    while (body.length && body[body.length - 1] === '') body.pop();
    const joined = m[1] === '|' ? body.join('\n') : body.join('\n').replace(/([^\n])\n(?=[^\n])/g, '$1 ');
    return m[2] === '-' ? joined : `${joined}\n`;
  }

  function value(rest: string, parent: number, no: number): YamlValue {
    const v = rest.trim();
    if (/^[|>][+-]?$/.test(v)) return blockScalar(v, parent);
    if (v !== '') return scalar(v, no);
    skipBlank();
    if (pos < lines.length && (lines[pos].indent > parent || (lines[pos].indent === parent && /^\s*- ?/.test(lines[pos].text)))) {
      return node(lines[pos].indent);
    }
    return null;
  }

  function node(indent: number): YamlValue {
    skipBlank();
    const first = stripComment(lines[pos].text).trim();
    if (first === '-' || first.startsWith('- ')) return sequence(indent);
    return mapping(indent);
  }

  function mapping(indent: number, into: Record<string, YamlValue> = {}): Record<string, YamlValue> {
    for (;;) {
      skipBlank();
      if (pos >= lines.length) return into;
      const l = lines[pos];
      if (l.indent < indent) return into;
      if (l.indent > indent) throw new Error(`line ${l.no}: unexpected indentation`);
      const text = stripComment(l.text).trim();
      if (text.startsWith('- ')) return into;
      const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:#'"][^:]*?)\s*:(?:\s+(.*))?$/.exec(text);
      if (!m) throw new Error(`line ${l.no}: expected "key: value", got "${text}"`);
      const key = scalar(m[1], l.no) as string;
      if (Object.prototype.hasOwnProperty.call(into, key)) throw new Error(`line ${l.no}: duplicate key "${key}"`);
      pos++;
      into[key] = value(m[2] ?? '', indent, l.no);
    }
  }

  function sequence(indent: number): YamlValue[] {
    const out: YamlValue[] = [];
    for (;;) {
      skipBlank();
      if (pos >= lines.length) return out;
      const l = lines[pos];
      const text = stripComment(l.text).trim();
      if (l.indent !== indent || !(text === '-' || text.startsWith('- '))) {
        if (l.indent > indent) throw new Error(`line ${l.no}: unexpected indentation`);
        return out;
      }
      const rest = text.slice(1).trimStart();
      if (rest === '') {
        pos++;
        skipBlank();
        out.push(pos < lines.length && lines[pos].indent > indent ? node(lines[pos].indent) : null);
      } else if (/^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:#'"[{][^:]*?)\s*:(\s|$)/.test(rest)) {
        // "- key: value" starts a mapping whose keys sit at the column after "- ".
        const col = l.indent + (l.text.slice(l.indent).length - l.text.slice(l.indent + 1).trimStart().length);
        lines[pos] = { no: l.no, indent: col, text: ' '.repeat(col) + rest };
        out.push(mapping(col));
      } else {
        pos++;
        out.push(value(rest, indent, l.no));
      }
    }
  }

  skipBlank();
  if (pos >= lines.length) return null;
  const root = node(lines[pos].indent);
  skipBlank();
  if (pos < lines.length) throw new Error(`line ${lines[pos].no}: could not read past this line`);
  return root;
}
