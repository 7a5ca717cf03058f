import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from './config-error.js';
import type { FleetConfig } from './fleet-config.js';
import { parseFleetConfig } from './parse-config.js';

/** Reads a fleet file (JSON, or YAML with the same keys) and validates it. */
export async function loadFleetConfig(path: string): Promise<FleetConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read fleet config ${path}: ${(err as Error).message}; pass --config FILE or set SPINDLE_CONFIG`, {
      cause: err,
    });
  }
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`fleet config ${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return parseFleetConfig(data, `fleet config ${path}`);
}
