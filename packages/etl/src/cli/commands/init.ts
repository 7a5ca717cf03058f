import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandArgs, UsageError } from '../options.js';
import type { CommandContext } from './command.js';

// Every field of docs/metrics.md §2, with the defaults a new plant starts from.
const SAMPLE_CONFIG = `# Spindle fleet config: one entry per machine. Only id and source are required;
# every other field shows its default or an example. Check it with \`spindle-etl check\`.
machines:
  - id: "2207"                       # stable id, used in the API's URLs
    name: Boring mill 2207
    # The machine's production DB; read access is enough. To try every command
    # before pointing at a real machine, \`spindle-etl simulate\` creates this
    # database and writes a month of simulated logs into it.
    source: postgres://postgres@localhost:5432/spindle_demo_2207
    timezone: Europe/Madrid          # IANA zone of the plant (default UTC)
    dayStart: "06:00"                # local whole hour the production day starts at (default 00:00)
    shifts:                          # optional; each runs until the next one starts
      - { name: A, start: "06:00", days: [Mon, Tue, Wed, Thu, Fri] }   # days: when it is planned (default every day)
      - { name: B, start: "14:00", days: [Mon, Tue, Wed, Thu, Fri] }
      - { name: C, start: "22:00", days: [] }
    holidays: ["2026-12-25"]         # production days nothing is planned on (availability)
    offlineGapSeconds: 600           # a silence longer than this is OFFLINE (default 600)
    variables:                       # names in the machine's \`variable\` table; all optional
      inOperation: MACHINE_IN_OPERATION
      emergency: MACHINE_EMERGENCY   # > 0: EMERGENCY, which outranks running
      standby: OP_MODE_STANDBY       # > 0 while not running: STANDBY
      program: { name: PROGRAM_NUMBER, min: 0, max: 999 }
      alarms: ALARMS
      motors:
        - { name: SPINDLE_LOAD_1, nominalKw: 37 }
      sensors:
        - { name: TEMPERATURA_BASE, unit: "°C", scale: 0.01, min: 1 }
    # alarmCategories replaces the default rules (emergency, error, warning; else other):
    # alarmCategories:
    #   - { category: emergency, keywords: [emerg] }
`;

const SAMPLE_ENV = `# Copy to .env (spindle-etl and spindle-server read ./.env) and fill in.
# The aggregation DB the ETL writes and the server reads:
DATABASE_URL=postgres://spindle@localhost:5432/spindle
SPINDLE_CONFIG=spindle.config.yaml
# Access control of spindle-server (off when both are empty):
# SPINDLE_API_KEYS=
# SPINDLE_TOKEN_SECRET=
`;

/** `init`: writes a commented sample fleet config and an .env example, never over existing files. */
export async function initCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(args, { dir: { type: 'string' }, force: { type: 'boolean' } });
  const dir = values.dir ?? '.';
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`--dir ${dir}: no such directory; create it first (mkdir -p ${dir}) or name another`);
  }
  const files = [
    [join(dir, 'spindle.config.yaml'), SAMPLE_CONFIG],
    [join(dir, '.env.example'), SAMPLE_ENV],
  ] as const;
  const existing = files.filter(([path]) => existsSync(path)).map(([path]) => path);
  if (existing.length > 0 && !values.force)
    throw new UsageError(`${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}; pass --force to overwrite`);
  for (const [path, text] of files) {
    try {
      writeFileSync(path, text);
    } catch (err) {
      throw new UsageError(`cannot write ${path}: ${(err as Error).message}`);
    }
  }
  ctx.reporter.info(
    `wrote ${files.map(([p]) => p).join(' and ')}; next: edit the machines, copy .env.example to .env, then \`spindle-etl check\``,
    { event: 'init', files: files.map(([p]) => p) },
  );
  return 0;
}
