import { readQueueStatus, readStatus, type MachineStatus, type QueueStatus } from '../../index.js';
import { connect } from '../../postgres/connect.js';
import { assertSchemaCurrent } from '../../store/migrate.js';
import { databaseUrl, parseCommandArgs } from '../options.js';
import type { CommandContext } from './command.js';

function table(rows: MachineStatus[]): string {
  const header = [
    'machine',
    'watermark',
    'days',
    'running now',
    'last run',
    'status',
    'rows read',
    'invalid',
    'bad dates',
    'malformed alarms',
  ];
  const body = rows.map((s) => [
    s.machineId,
    s.watermark ?? '-',
    s.firstDay ? `${s.firstDay}..${s.lastDay}` : '-',
    s.currentRun ? `${s.currentRun.kind} since ${s.currentRun.startedAt} (${s.currentRun.worker ?? '?'})` : '-',
    s.lastRun ? `${s.lastRun.kind} ${s.lastRun.finishedAt ?? s.lastRun.startedAt}` : '-',
    s.lastRun ? s.lastRun.status + (s.lastRun.error ? `: ${s.lastRun.error}` : '') : '-',
    String(s.lastRun?.rowsRead ?? '-'),
    String(s.lastRun?.invalidRows ?? '-'),
    String(s.lastRun?.implausibleDateRows ?? '-'),
    String(s.lastRun?.malformedAlarmRows ?? '-'),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  return `${[header, ...body]
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

function queueSummary(q: QueueStatus): string {
  const c = q.counts;
  const lines = [`\nqueue: ${c.waiting} waiting, ${c.retrying} retrying, ${c.active} active, ${c.done} done, ${c.failed} failed`];
  for (const f of q.failed)
    lines.push(
      `  failed after ${f.tries} tries: ${f.unit.machineId} ${f.unit.mode.kind === 'backfill' ? `backfill ${f.unit.mode.from ?? 'first day'}..${f.unit.mode.to ?? 'last day'}` : 'incremental'}: ${f.error ?? 'no error recorded'}`,
    );
  return `${lines.join('\n')}\n`;
}

export async function statusCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(args, { json: { type: 'boolean' } });
  const db = await connect(databaseUrl(values['database-url']), 'spindle-etl', { what: 'the aggregation DB' });
  try {
    await assertSchemaCurrent(db);
    const rows = await readStatus(db);
    const queue = await readQueueStatus(db);
    if (values.json) ctx.out.write(`${JSON.stringify({ machines: rows, queue }, null, 2)}\n`);
    else ctx.out.write((rows.length === 0 ? 'no machine has run yet\n' : table(rows)) + (queue ? queueSummary(queue) : ''));
    return 0;
  } finally {
    await db.end();
  }
}
