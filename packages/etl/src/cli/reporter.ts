import type { MachineOutcome, MachineProgress } from '../index.js';

export type LogFormat = 'text' | 'json';

/** Everything the CLI prints about progress goes through here: bar, lines or JSON. */
export class Reporter {
  private barShown = false;

  constructor(
    private readonly format: LogFormat,
    private readonly err: NodeJS.WriteStream = process.stderr,
  ) {}

  private get tty(): boolean {
    return this.format === 'text' && this.err.isTTY === true;
  }

  info(message: string, fields: Record<string, unknown> = {}): void {
    this.clearBar();
    if (this.format === 'json')
      this.err.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: message, ...fields })}\n`);
    else this.err.write(`${new Date().toISOString()} ${message}\n`);
  }

  error(message: string, fields: Record<string, unknown> = {}): void {
    this.clearBar();
    if (this.format === 'json')
      this.err.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: message, ...fields })}\n`);
    else this.err.write(`${new Date().toISOString()} error: ${message}\n`);
  }

  progress(p: MachineProgress): void {
    if (this.tty) {
      const width = 30;
      const filled = Math.round((p.daysDone / Math.max(1, p.daysTotal)) * width);
      this.err.write(
        `\r\x1b[2Kmachine ${p.machineId} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.daysDone}/${p.daysTotal} days, through ${p.day}`,
      );
      this.barShown = true;
    } else {
      const what =
        p.daysDone === 0 ? `computing ${p.daysTotal} days from ${p.day}` : `${p.daysDone}/${p.daysTotal} days computed, through ${p.day}`;
      this.info(`machine ${p.machineId}: ${what}`, { event: 'progress', ...p });
    }
  }

  machineDone(o: MachineOutcome): void {
    if (o.outcome === 'succeeded') {
      const r = o.result;
      const span = r.fromDay === null ? 'no days to compute' : `days ${r.fromDay}..${r.toDay}${r.fullHistory ? ' (whole history)' : ''}`;
      this.info(
        `machine ${o.machineId}: done, ${span}, watermark ${r.watermark ?? 'none (no rows)'}, ${r.rowsRead} rows read, ${r.invalidRows} invalid${r.implausibleDateRows > 0 ? ` (${r.implausibleDateRows} dated outside historyStart..now: a controller clock is wrong)` : ''}, ${r.malformedAlarmRows} malformed alarm rows, ${(r.durationMs / 1000).toFixed(1)} s`,
        { event: 'machine-done', ...r },
      );
    } else {
      this.error(`machine ${o.machineId} ${o.outcome === 'locked' ? 'skipped' : 'failed'}: ${o.error}`, {
        event: `machine-${o.outcome}`,
        machineId: o.machineId,
      });
    }
  }

  private clearBar(): void {
    if (this.barShown) {
      this.err.write('\r\x1b[2K');
      this.barShown = false;
    }
  }
}
