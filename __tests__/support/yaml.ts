/**
 * YAML for the docs and lint tests (action.yml, workflows, README blocks), read with a real YAML
 * library. The failsafe schema keeps every scalar a string: what GitHub reads from action.yml
 * are strings too ('false', not false).
 */
import { parse } from 'yaml';

export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };

export function parseYaml(text: string): YamlValue {
  return parse(text, { schema: 'failsafe' }) as YamlValue;
}
