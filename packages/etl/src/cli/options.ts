import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, isDay, loadFleetConfig, type FleetConfig } from '../index.js';
import type { LogFormat } from './reporter.js';

/** Bad flags or values: exit code 2, with the command's usage hint. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const COMMON_OPTIONS = {
  config: { type: 'string', short: 'c' },
  'database-url': { type: 'string', short: 'd' },
  'env-file': { type: 'string' },
  log: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** Edits (insertions, deletions, substitutions) between two short strings. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** node's "Unknown option '--machines'", with the option meant when one is within two edits: "; did you mean --machine?". */
export function explainArgsError(err: unknown, known: readonly string[]): UsageError {
  const message = (err as Error).message;
  const unknown = /Unknown option '--([^'=]+)/.exec(message)?.[1];
  const near = unknown === undefined ? undefined : known.map((k) => [k, distance(unknown, k)] as const).sort((x, y) => x[1] - y[1])[0];
  return new UsageError(near && near[1] <= 2 ? `${message}; did you mean --${near[0]}?` : message);
}

export function parseCommandArgs<O extends ParseArgsConfig['options']>(args: string[], options: O) {
  const all = { ...COMMON_OPTIONS, ...options };
  try {
    return parseArgs({ args, options: all, allowPositionals: false, strict: true });
  } catch (err) {
    throw explainArgsError(err, Object.keys(all));
  }
}

/** Loads the env file first, so the flags and variables after it see its values. */
export function loadEnv(envFile: string | undefined): void {
  const file = envFile ?? (existsSync('.env') ? '.env' : undefined);
  if (file === undefined) return;
  if (!existsSync(file)) throw new UsageError(`--env-file ${file}: no such file`);
  process.loadEnvFile(file);
}

export function logFormat(value: string | undefined): LogFormat {
  if (value === undefined || value === 'text' || value === 'json') return value ?? 'text';
  throw new UsageError(`--log must be "text" or "json", got "${value}"`);
}

export function databaseUrl(flag: string | undefined): string {
  const url = flag ?? process.env.DATABASE_URL;
  if (!url) throw new ConfigError('no aggregation DB: pass --database-url postgres://... or set DATABASE_URL (also read from .env)');
  return url;
}

const DEFAULT_CONFIGS = ['spindle.config.json', 'spindle.config.yaml', 'spindle.config.yml'];

export function fleetConfig(flag: string | undefined): Promise<FleetConfig> {
  const path = flag ?? process.env.SPINDLE_CONFIG ?? DEFAULT_CONFIGS.find((p) => existsSync(p));
  if (path === undefined) {
    throw new ConfigError(
      'no fleet config: pass --config FILE or set SPINDLE_CONFIG (none of ./spindle.config.json, .yaml, .yml); `spindle-etl init` writes a sample',
    );
  }
  return loadFleetConfig(path);
}

export function dayOption(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isDay(value)) {
    throw new UsageError(`--${name} must be a day YYYY-MM-DD, got "${value}"`);
  }
  return value;
}

export function numberOption(name: string, value: string | undefined, check: (n: number) => boolean, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`--${name} must be ${what}, got "${value}"`);
  return n;
}

/** `--concurrency N`: machines or units at once, for `run`, `backfill`, `audit` and `worker`. */
export function concurrencyOption(value: string | undefined): number | undefined {
  return numberOption('concurrency', value, (n) => Number.isInteger(n) && n >= 1 && n <= 64, 'a whole number from 1 to 64');
}

/** The flags of the run time limits, shared by `run`, `backfill` and `worker`. */
export const TIME_LIMIT_OPTIONS = {
  'source-timeout': { type: 'string' },
  'target-timeout': { type: 'string' },
} as const;

/** `--source-timeout` and `--target-timeout`, in seconds. */
export function timeLimits(values: { 'source-timeout'?: string; 'target-timeout'?: string }) {
  const seconds = (name: string, v: string | undefined) => numberOption(name, v, (n) => n > 0, 'a number of seconds > 0');
  return {
    sourceTimeoutSeconds: seconds('source-timeout', values['source-timeout']),
    targetTimeoutSeconds: seconds('target-timeout', values['target-timeout']),
  };
}
