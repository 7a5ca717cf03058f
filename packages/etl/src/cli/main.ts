import { readFileSync } from 'node:fs';
import { ConfigError, EtlError } from '../index.js';
import { checkCommand } from './commands/check.js';
import { grantBiCommand } from './commands/grant-bi.js';
import { initCommand } from './commands/init.js';
import { migrateCommand } from './commands/migrate.js';
import { backfillQueueCommand, enqueueCommand, workerCommand } from './commands/queue.js';
import { runCommand } from './commands/run.js';
import { auditCommand } from './commands/audit.js';
import { simulateCommand } from './commands/simulate.js';
import { statusCommand } from './commands/status.js';
import type { CommandContext } from './commands/command.js';
import { loadEnv, logFormat, UsageError } from './options.js';
import { Reporter } from './reporter.js';
import { USAGE } from './usage.js';

const COMMANDS: Record<string, (args: string[], ctx: CommandContext) => Promise<number>> = {
  init: initCommand,
  check: checkCommand,
  migrate: migrateCommand,
  'grant-bi': grantBiCommand,
  run: (args, ctx) => runCommand('run', args, ctx),
  audit: auditCommand,
  backfill: (args, ctx) => (args.includes('--queue') ? backfillQueueCommand(args, ctx) : runCommand('backfill', args, ctx)),
  enqueue: enqueueCommand,
  worker: workerCommand,
  status: statusCommand,
  simulate: simulateCommand,
};

/** Value of a flag given as `--flag value` or `--flag=value`, read before full parsing. */
function peekFlag(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1];
    if (args[i]!.startsWith(`--${name}=`)) return args[i]!.slice(name.length + 3);
  }
  return undefined;
}

/** This package's version, from the package.json two folders above dist/cli/. */
function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === '--version' || command === '-V' || command === 'version') {
    process.stdout.write(`spindle-etl ${version()}\n`);
    return 0;
  }
  // No command is a mistake cron should notice: usage on stderr, exit 2.
  if (command === undefined) {
    process.stderr.write(`${USAGE.main}\n`);
    return 2;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' && args[0] && USAGE[args[0]] ? args[0] : 'main';
    process.stdout.write(`${USAGE[topic]}\n`);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`spindle-etl: unknown command "${command}"\n\n${USAGE.main}\n`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE[command]}\n`);
    return 0;
  }
  let reporter = new Reporter('text');
  try {
    reporter = new Reporter(logFormat(peekFlag(args, 'log')));
    loadEnv(peekFlag(args, 'env-file'));
    return await run(args, { reporter, out: process.stdout });
  } catch (err) {
    if (err instanceof UsageError) {
      reporter.error(`${err.message}\nRun \`spindle-etl ${command} --help\` for usage.`);
      return 2;
    }
    if (err instanceof ConfigError) {
      reporter.error(err.message);
      return 2;
    }
    reporter.error(err instanceof EtlError ? err.message : `${(err as Error).message ?? err}`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`spindle-etl: ${err?.stack ?? err}\n`);
    process.exitCode = 1;
  },
);
