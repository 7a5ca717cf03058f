import { readStatus, type MachineStatus } from '../../index.js';
import { connect } from '../../source/pg-types.js';
import { assertSchemaCurrent } from '../../store/migrate.js';
import { databaseUrl, parseCommandArgs } from '../options.js';
import type { CommandContext } from './command.js';

function table(rows: MachineStatus[]): string {
  const header = ['machine', 'watermark', 'days', 'last run', 'status', 'rows read', 'invalid', 'malformed alarms'];
  const body = rows.map((s) => [
    s.machineId,
    s.watermark ?? '-',
    s.firstDay ? `${s.firstDay}..${s.lastDay}` : '-',
    s.lastRun ? `${s.lastRun.kind} ${s.lastRun.finishedAt}` : '-',
    s.lastRun ? s.lastRun.status + (s.lastRun.error ? `: ${s.lastRun.error}` : '') : '-',
    String(s.lastRun?.rowsRead ?? '-'),
    String(s.lastRun?.invalidRows ?? '-'),
    String(s.lastRun?.malformedAlarmRows ?? '-'),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  return [header, ...body].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

export async function statusCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(args, { json: { type: 'boolean' } });
  const db = await connect(databaseUrl(values['database-url']), 'spindle-etl');
  try {
    await assertSchemaCurrent(db);
    const rows = await readStatus(db);
    ctx.out.write(values.json ? `${JSON.stringify({ machines: rows }, null, 2)}\n` : rows.length === 0 ? 'no machine has run yet\n' : table(rows));
    return 0;
  } finally {
    await db.end();
  }
}
