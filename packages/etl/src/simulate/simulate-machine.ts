import { addDays, dayToUtcMidnight, wallToInstant, type MachineConfig } from '@spindle/core';
import type { Queryable } from '../postgres/queryable.js';
import type { WorkPattern } from './machine-profile.js';
import { createProductionSchema, indexProductionSchema } from './production-schema.js';
import { Random } from './random.js';
import { RowSink } from './row-sink.js';

export interface SimulateMachineOptions {
  /** First local calendar day simulated (YYYY-MM-DD). */
  from: string;
  days: number;
  seed: number;
  /** Multiplies how often motors log a change while running; 1 ≈ 2 M float rows a month. */
  density?: number;
  pattern?: WorkPattern;
  /** Nothing is logged at or after this instant (ms): the live demo's history ends now. */
  until?: number;
}

export interface SimulationSummary {
  machineId: string;
  floatRows: number;
  stringRows: number;
  first: number | null;
  last: number | null;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const ALARM_CATALOG: readonly [string, string][] = [
  ['1001', 'EMERGENCY STOP PRESSED'],
  ['2010', 'Spindle drive error'],
  ['2044', 'Fallo de lubricación'],
  ['3002', 'Warning: coolant level low'],
  ['3107', 'Aviso: puerta abierta'],
  ['4100', 'Tool life expired'],
  ['', 'Operator attention required'],
  ['5203', 'Axis X following error fault'],
];

const EMERGENCY_STOP = '1001';

/** Sessions (powered-on spans) of one local day, as [start, end) instants. */
function sessionsOf(zone: string, day: string, pattern: WorkPattern): [number, number][] {
  const weekday = new Date(dayToUtcMidnight(day)).getUTCDay();
  const at = (d: string, hour: number) => wallToInstant(zone, dayToUtcMidnight(d) + hour * HOUR);
  if (pattern === 'continuous-weekdays') {
    if (weekday === 0 || weekday === 6) return [];
    return [[at(day, weekday === 1 ? 6 : 0), weekday === 5 ? at(day, 22) : at(addDays(day, 1), 0)]];
  }
  if (weekday === 0) return [];
  if (weekday === 6) return [[at(day, 6), at(day, 14)]];
  return [[at(day, 6), at(day, 22)]];
}

/** One generated log row: a float (`f`) or a string (`s`). */
export interface SimulatedRow {
  id: number;
  date: number;
  f?: number | null;
  s?: string | null;
}

/**
 * A machine's control as a generator of log rows: jobs alternating with idle
 * time, motor loads, temperatures that follow the machine's state, alarm
 * snapshots, network outages, and a sprinkle of invalid values and malformed
 * alarm rows. Its state (random stream, temperatures) carries from one session
 * to the next, so the same seed and the same sessions give the same rows.
 */
export class MachineSimulator {
  private readonly rng: Random;
  /** Variable ids differ between machines, as they do on real controls. */
  readonly variables: { id: number; name: string; datatype: string }[];
  private readonly ids: Map<string, number>;
  private readonly programs: number[];
  private readonly ambient: number;
  private readonly rise: number[];
  private readonly temps: number[];
  private readonly sampledAt: (number | null)[];
  /** Its own stream, so adding the conditions left every other simulated row as it was. */
  private readonly conditionRng: Random;

  constructor(
    private readonly machine: MachineConfig,
    seed: number,
    private readonly density = 1,
  ) {
    this.rng = new Random(seed);
    this.conditionRng = new Random(seed ^ 0x5eed);
    const rng = this.rng;
    const names: { name: string; datatype: string }[] = [];
    const v = machine.variables;
    if (v.inOperation) names.push({ name: v.inOperation, datatype: 'float' });
    if (v.program) names.push({ name: v.program.name, datatype: 'float' });
    if (v.emergency) names.push({ name: v.emergency, datatype: 'float' });
    if (v.standby) names.push({ name: v.standby, datatype: 'float' });
    if (v.alarms) names.push({ name: v.alarms, datatype: 'string' });
    for (const m of v.motors) names.push({ name: m.name, datatype: 'float' });
    for (const s of v.sensors) names.push({ name: s.name, datatype: 'float' });
    names.push({ name: 'FEED_OVERRIDE', datatype: 'float' }, { name: 'OPERATOR_MESSAGE', datatype: 'string' });
    const unique = [...new Map(names.map((n) => [n.name, n])).values()];
    const base = rng.int(1, 50) * 10;
    this.variables = unique.map((n, i) => ({ id: base + i * 7, ...n }));
    this.ids = new Map(this.variables.map((n) => [n.name, n.id]));
    this.programs = Array.from({ length: 8 }, () => rng.int(100, 990));
    // Temperatures follow the machine: each sensor heads for the hall's ambient
    // temperature when stopped and a few degrees above it while cutting (the bed a
    // little, the spindle more), as a first-order lag with a 40-minute time constant.
    this.ambient = rng.between(19, 23);
    this.rise = v.sensors.map((_, i) => (i === 0 ? rng.between(4, 7) : rng.between(14, 20)));
    this.temps = v.sensors.map(() => this.ambient + rng.between(-0.5, 0.5));
    this.sampledAt = v.sensors.map(() => null);
  }

  /** The rows a powered-on span [start, end) logs, in time order. */
  session(start: number, end: number): SimulatedRow[] {
    const { rng, ids, density, programs, temps, sampledAt } = this;
    const v = this.machine.variables;
    const rows: SimulatedRow[] = [];
    const float = (name: string, date: number, value: number | null) => {
      if (date < end) rows.push({ id: ids.get(name)!, date: Math.round(date), f: value });
    };
    const text = (name: string, date: number, value: string | null) => {
      if (date < end) rows.push({ id: ids.get(name)!, date: Math.round(date), s: value });
    };

    // A control powers up out of standby and e-stop.
    if (v.standby) float(v.standby, start, 0);
    if (v.emergency) float(v.emergency, start, 0);

    // Jobs: a program runs for a while, then the machine idles (setup, loading).
    const runs: [number, number][] = [];
    let t = start + rng.between(0, 5 * MINUTE);
    while (t < end) {
      const runEnd = t + rng.between(10, 90) * MINUTE;
      runs.push([t, runEnd]);
      if (v.program) float(v.program.name, t, rng.chance(0.02) ? rng.pick([Number.NaN, 1500, -3]) : rng.pick(programs));
      if (v.inOperation) float(v.inOperation, t + SECOND, 255);
      for (const [mi, m] of v.motors.entries()) {
        let load = mi === 0 ? rng.between(30, 70) : rng.between(5, 30);
        for (let u = t + SECOND; u < runEnd; u += rng.wait((2 * SECOND) / density)) {
          load = Math.max(0, Math.min(mi === 0 ? 118 : 80, load + rng.between(-6, 6)));
          float(m.name, u, rng.chance(0.0005) ? Number.NaN : load);
        }
        float(m.name, runEnd, 0);
      }
      if (v.inOperation) float(v.inOperation, runEnd, 0);
      t = runEnd + rng.between(2, 20) * MINUTE;
      // Now and then the operator switches to standby between jobs, and back for the next one.
      if (v.standby && this.conditionRng.chance(0.35)) {
        float(v.standby, runEnd + this.conditionRng.between(10, 60) * SECOND, 1);
        float(v.standby, t, 0);
      }
    }

    // Temperatures log every 20–60 s: they keep an idle machine online.
    const cutting = (u: number) => runs.some(([a, b]) => u >= a && u < b);
    for (const [si, s] of v.sensors.entries()) {
      for (let u = start + rng.between(0, 20 * SECOND); u < end; u += rng.between(20, 60) * SECOND) {
        const target = this.ambient + (cutting(u) ? this.rise[si]! : 0);
        const since = sampledAt[si] === null ? 0 : u - sampledAt[si]!;
        temps[si] = temps[si]! + (target - temps[si]!) * (1 - Math.exp(-since / (40 * MINUTE))) + rng.between(-0.05, 0.05);
        sampledAt[si] = u;
        const raw = temps[si]! / s.scale;
        float(s.name, u, rng.chance(0.001) ? rng.pick([Number.NaN, Number.POSITIVE_INFINITY, 0, null]) : raw);
      }
    }
    for (let u = start + rng.between(0, 30) * MINUTE; u < end; u += rng.between(20, 120) * MINUTE) {
      float('FEED_OVERRIDE', u, rng.pick([80, 90, 100, 100, 110]));
      if (rng.chance(0.2)) text('OPERATOR_MESSAGE', u + SECOND, rng.pick(['Cambio de herramienta', 'Pieza OK', 'Medir cota']));
    }

    // Alarm snapshots: each change of the active set logs the whole set.
    if (v.alarms) {
      const active = new Map<string, [string, string]>();
      const changes: { at: number; raise?: [string, string]; clear?: string }[] = [];
      for (let u = start + rng.wait(2 * HOUR); u < end; u += rng.wait(2 * HOUR)) {
        const alarm = rng.pick(ALARM_CATALOG);
        changes.push({ at: u, raise: alarm }, { at: u + rng.between(0.5, 40) * MINUTE, clear: alarm[0] || alarm[1] });
      }
      changes.sort((a, b) => a.at - b.at);
      text(v.alarms, start, '[]');
      for (const c of changes) {
        if (c.raise) active.set(c.raise[0] || c.raise[1], c.raise);
        else active.delete(c.clear!);
        text(v.alarms, c.at, JSON.stringify([...active.values()]));
        // The e-stop alarm comes with the emergency condition, at the same instant, whether or not a job runs.
        if (v.emergency && (c.raise?.[0] ?? c.clear) === EMERGENCY_STOP) float(v.emergency, c.at, active.has(EMERGENCY_STOP) ? 1 : 0);
        if (rng.chance(0.03)) text(v.alarms, c.at + 500, rng.pick(['garbage', '', null, '{"not":"an array"}']));
      }
    }

    // A network outage now and then: nothing logged for 15–40 minutes.
    const outage = rng.chance(0.3) ? rng.between(start, end) : null;
    const outageEnd = outage === null ? 0 : outage + rng.between(15, 40) * MINUTE;
    const logged = outage === null ? rows : rows.filter((r) => r.date < outage || r.date >= outageEnd);
    return logged.sort((a, b) => a.date - b.date);
  }
}

/** Writes a simulator's variables into a fresh production schema (replacing its log tables). */
export async function createSimulatedSource(db: Queryable, simulator: MachineSimulator): Promise<void> {
  await createProductionSchema(db);
  await db.query('INSERT INTO variable (id, name, datatype) SELECT * FROM unnest($1::int[], $2::text[], $3::text[])', [
    simulator.variables.map((n) => n.id),
    simulator.variables.map((n) => n.name),
    simulator.variables.map((n) => n.datatype),
  ]);
}

/** Hands rows to a sink, keeping the summary's first and last instants. */
export function sinkRows(sink: RowSink, rows: SimulatedRow[], summary?: SimulationSummary): void {
  for (const r of rows) {
    if (r.s !== undefined) sink.string(r.id, r.date, r.s);
    else sink.float(r.id, r.date, r.f ?? null);
  }
  if (summary && rows.length > 0) {
    summary.first ??= rows[0]!.date;
    summary.last = rows.at(-1)!.date;
  }
}

/**
 * Writes a realistic production DB for one machine: its powered-on sessions of
 * `days` local days from `from` (see `MachineSimulator`), power-offs at night and
 * weekends. The same seed writes the same rows. Returns the simulator, whose state
 * continues where the history ends (the live demo appends from there).
 */
export async function simulateMachine(
  db: Queryable,
  machine: MachineConfig,
  options: SimulateMachineOptions,
): Promise<SimulationSummary & { simulator: MachineSimulator }> {
  const simulator = new MachineSimulator(machine, options.seed, options.density);
  const pattern = options.pattern ?? 'two-shift';
  await createSimulatedSource(db, simulator);
  const sink = new RowSink(db);
  const summary: SimulationSummary = { machineId: machine.id, floatRows: 0, stringRows: 0, first: null, last: null };
  for (let d = 0; d < options.days; d++) {
    const day = addDays(options.from, d);
    for (const [start, end] of sessionsOf(machine.timezone, day, pattern)) {
      if (options.until !== undefined && start >= options.until) continue;
      sinkRows(sink, simulator.session(start, options.until === undefined ? end : Math.min(end, options.until)), summary);
      await sink.flushIfFull();
    }
  }
  await sink.flush();
  await indexProductionSchema(db);
  summary.floatRows = sink.floatCount;
  summary.stringRows = sink.stringCount;
  return { ...summary, simulator };
}
