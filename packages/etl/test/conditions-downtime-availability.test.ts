import { addDays, MachineCalendar, offsetSegments, type MachineConfig } from '@spindle/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateDifferences, createHarness, readAggregates, type Aggregates, type Harness, type Row } from './etl-harness.js';
import { naiveConditions, type FloatRow, type NaiveDowntime, type NaiveUtilization, type StringRow } from './naive-conditions.js';
import { writeProduction } from './production-fixture.js';
import { createTestDatabase, open } from '@spindle/test-kit/postgres';
import { runMachine } from '../src/run/run-machine.js';
import { createProductionSchema, indexProductionSchema } from '../src/simulate/production-schema.js';
import { migrate } from '../src/store/migrate.js';

/** A small seeded generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALARMS: [code: string, description: string][] = [
  ['E1', 'EMERGENCY stop pressed'],
  ['E2', 'Emergency door circuit'],
  ['F7', 'Spindle drive fault'],
  ['F10', 'Axis error X'],
  ['W3', 'Coolant low warning'],
  ['', 'Lubrication attention'],
  ['T1', 'Tool life reached'],
  ['😀', 'Door open'],
  ['Ａ', 'Door open too'],
];

/**
 * Adversarial rows for a machine: activity with offline gaps, the condition
 * variables changing at random and exactly at every day and shift start and at
 * the zone's offset changes, alarm snapshots raised and cleared at the same
 * millisecond as condition changes, several categories open at once, identical
 * raise instants, malformed snapshots and invalid values.
 */
function adversarialRows(machine: MachineConfig, from: string, days: number, seed: number): { floats: FloatRow[]; strings: StringRow[] } {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const cal = MachineCalendar.of(machine);
  const start = cal.dayStart(from);
  const end = cal.dayStart(addDays(from, days));
  const floats: FloatRow[] = [];
  const strings: StringRow[] = [];
  const used = new Map<string, Set<number>>();
  const put = (name: string, at: number, value: number | null) => {
    const seen = used.get(name) ?? new Set();
    used.set(name, seen);
    if (at < start || at > end || seen.has(at)) return;
    seen.add(at);
    floats.push([name, at, value]);
  };
  const v = machine.variables;
  const conditions = [v.inOperation, v.emergency, v.standby].filter((n): n is string => n !== null);
  const values = [0, 1, 255, -3, 0.5, Number.NaN, null, Number.POSITIVE_INFINITY];

  // Activity: a pulse every 1–7 minutes, with offline gaps of 11 minutes to 3 hours.
  for (let t = start + Math.floor(next() * 60_000); t < end; t += 60_000 + Math.floor(next() * 360_000)) {
    put('PULSE', t, 1);
    if (next() < 0.02) t += 660_000 + Math.floor(next() * 3 * 3_600_000);
  }
  // Conditions at random, and exactly at every day start, shift start and offset change.
  for (let t = start; t < end; t += Math.floor(next() * 2_400_000)) for (const c of conditions) if (next() < 0.3) put(c, t, pick(values));
  const boundaries = [
    ...cal.daysBetween(from, addDays(from, days)).flatMap((d) => [cal.dayStart(d), ...cal.shiftWindows(d).map((wnd) => wnd.start)]),
    ...offsetSegments(machine.timezone, start, end).map((s) => s.start),
  ];
  for (const b of boundaries) for (const c of conditions) put(c, b, pick(values));

  // Alarm snapshots: at random instants, and at the same millisecond as some condition changes.
  if (v.alarms !== null) {
    const instants = new Set<number>();
    for (let t = start + 1000; t < end; t += Math.floor(next() * 3_000_000)) instants.add(t);
    for (const [name, at] of floats) if (name !== 'PULSE' && next() < 0.3) instants.add(at);
    for (const at of [...instants].sort((a, b) => a - b)) {
      if (at > end) continue;
      const r = next();
      const snapshot =
        r < 0.05
          ? pick(['garbage', '{"not":"an array"}', '', null])
          : r < 0.25
            ? '[]'
            : r < 0.35
              ? // Raised together, one category: the identity decides, in code point order (Ａ before 😀).
                JSON.stringify([
                  ['😀', 'Door open'],
                  ['Ａ', 'Door open too'],
                ])
              : JSON.stringify(ALARMS.filter(() => next() < 0.3).map(([code, description]) => [code, ` ${description} `]));
      strings.push([v.alarms, at, snapshot]);
    }
  }
  return { floats, strings };
}

const seconds = (ms: number) => Math.round(ms) / 1000;

function expectedRows(machine: MachineConfig, floats: FloatRow[], strings: StringRow[]) {
  const naive = naiveConditions(machine, floats, strings);
  // The harness lists each day's row, then its shifts in configuration order.
  const conditions = naive.days.flatMap((d) => [d, ...naive.shifts.filter((s) => s.day === d.day)]);
  return {
    naive,
    conditions: conditions.map((u: NaiveUtilization) => ({
      day: u.day,
      shift: u.shift,
      standby_seconds: seconds(u.standby),
      emergency_seconds: seconds(u.emergency),
      planned_seconds: seconds(u.planned),
      planned_running_seconds: seconds(u.plannedRunning),
      unplanned_running_seconds: seconds(u.unplannedRunning),
    })),
  };
}

const key = (d: Row | NaiveDowntime) => `${d.day}|${d.state}|${d.category}|${d.identity}`;

const MACHINES: { label: string; from: string; days: number; seed: number; config: Record<string, unknown> }[] = [
  {
    label: 'Madrid, spring DST, night shift across midnight on weekdays, a holiday on the DST Sunday',
    from: '2024-03-28',
    days: 7,
    seed: 11,
    config: {
      timezone: 'Europe/Madrid',
      dayStart: '00:00',
      shifts: [
        { name: 'Early', start: '06:00', days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'] },
        { name: 'Late', start: '14:00', days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'] },
        { name: 'Night', start: '22:00', days: ['Mon', 'Tue', 'Wed', 'Thu'] },
      ],
      holidays: ['2024-03-31', '2024-04-01'],
      offlineGapSeconds: 600,
      variables: { inOperation: 'IN_OP', emergency: 'EMERGENCY', standby: 'STANDBY', alarms: 'ALARMS' },
    },
  },
  {
    label: 'New York, autumn DST, day start in the repeated hour, no shifts, custom category order, standby only',
    from: '2024-11-01',
    days: 5,
    seed: 23,
    config: {
      timezone: 'America/New_York',
      dayStart: '01:00',
      holidays: ['2024-11-03'],
      offlineGapSeconds: 900,
      variables: { inOperation: 'IN_OP', standby: 'STANDBY', alarms: 'ALARMS' },
      alarmCategories: [
        { category: 'tool', keywords: ['tool'] },
        { category: 'other', keywords: ['door'] },
        { category: 'error', keywords: ['fault', 'error'] },
        { category: 'tool', keywords: ['lubrication'] },
      ],
    },
  },
  {
    label: 'Kolkata, half-hour zone, weekend shift, none of the new variables',
    from: '2024-03-08',
    days: 4,
    seed: 5,
    config: {
      timezone: 'Asia/Kolkata',
      dayStart: '06:00',
      shifts: [
        { name: 'A', start: '06:30' },
        { name: 'B', start: '18:30', days: ['Sat', 'Sun'] },
      ],
      variables: { inOperation: 'IN_OP' },
    },
  },
];

describe.each(MACHINES)('conditions, downtime causes and planned time (metrics.md §11–§13): $label', ({ from, days, seed, config }) => {
  let h: Harness;
  let machine: MachineConfig;
  let rows: Aggregates;
  let expected: ReturnType<typeof expectedRows>;

  beforeAll(async () => {
    h = await createHarness();
    machine = h.machine(config);
    const data = adversarialRows(machine, from, days, seed);
    await writeProduction(h.source, { floats: data.floats, strings: data.strings });
    await h.run(machine);
    rows = await readAggregates(h.target, 'm1');
    expected = expectedRows(machine, data.floats, data.strings);
  }, 300_000);
  afterAll(() => h.close());

  it('agrees with the naive implementation on states, conditions and planned time, per day and per shift', () => {
    expect(rows.conditions).toEqual(expected.conditions);
    expect(rows.utilization).toEqual(
      expected.naive.days.map((u) => ({
        day: u.day,
        running_seconds: seconds(u.running),
        idle_seconds: seconds(u.idle),
        offline_seconds: seconds(u.offline),
        covered_seconds: seconds(u.covered),
      })),
    );
  });

  it('agrees with the naive implementation on every downtime row and its cause', () => {
    const want = [...expected.naive.downtime].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map(downtimeRow);
    const got = [...rows.downtime].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    expect(got).toEqual(want);
  });

  it('keeps every identity of §11–§13 on every machine-day', () => {
    const all: Row[] = [...rows.utilization.map((u) => ({ ...u, shift: null })), ...rows.shifts];
    const conditions = new Map(rows.conditions.map((c) => [`${c.day}|${c.shift}`, c]));
    for (const u of all) {
      const c = conditions.get(`${u.day}|${u.shift}`)!;
      expect(u.running_seconds + u.idle_seconds + c.standby_seconds + c.emergency_seconds + u.offline_seconds).toBeCloseTo(
        u.covered_seconds,
        6,
      );
      expect(c.planned_running_seconds + c.unplanned_running_seconds).toBeCloseTo(u.running_seconds, 6);
      expect(c.planned_seconds).toBeLessThanOrEqual(u.covered_seconds + 1e-6);
    }
    for (const u of rows.utilization) {
      const c = conditions.get(`${u.day}|null`)!;
      const causes = rows.downtime.filter((d) => d.day === u.day).reduce((s, d) => s + d.seconds, 0);
      expect(causes).toBeCloseTo(u.idle_seconds + c.standby_seconds + c.emergency_seconds, 6);
    }
  });

  // metrics.md §9: runs that resume inside a day (at the hour of their first change) end where one backfill does.
  it('ends equal to its backfill when runs resume at day, shift and offset boundaries, with late rows in gaps', async () => {
    const grow = await createTestDatabase('spindle_resume_src');
    const agg = await createTestDatabase('spindle_resume_agg');
    const g = await open(grow.url);
    const target = await open(agg.url);
    try {
      await migrate(target);
      await createProductionSchema(g);
      const vars = (await h.source.query('SELECT id, name, datatype FROM variable')).rows;
      await g.query('INSERT INTO variable SELECT * FROM unnest($1::int[], $2::text[], $3::text[])', [
        vars.map((v) => v.id),
        vars.map((v) => v.name),
        vars.map((v) => v.datatype),
      ]);
      await indexProductionSchema(g);
      const cal = MachineCalendar.of(machine);
      const start = cal.dayStart(from);
      const end = cal.dayStart(addDays(from, days));
      const cuts = new Set<number>();
      for (const d of cal.daysBetween(from, addDays(from, days - 1))) {
        for (const b of [cal.dayStart(d), ...cal.shiftWindows(d).map((wnd) => wnd.start)]) for (const e of [-1, 0, 1]) cuts.add(b + e);
      }
      for (const seg of offsetSegments(machine.timezone, start, end)) for (const e of [-60_000, 0, 60_000]) cuts.add(seg.start + e);
      // Every 7 h 13 min: cuts at every minute of the hour and every hour of the day, in time.
      for (let t = start; t < end; t += 7 * 3_600_000 + 13 * 60_000) cuts.add(t);
      // Two hours of the second day arrive 20 hours late: inside hours already computed, and in offline gaps.
      const held = { from: cal.dayStart(addDays(from, 1)) + 5 * 3_600_000, to: cal.dayStart(addDays(from, 1)) + 7 * 3_600_000 };
      const release = held.to + 20 * 3_600_000;
      cuts.add(release);
      /** Copies the rows matching `where` ($1, $2: a date range; $3, $4: the held hours) into the growing DB. */
      const copy = async (where: string, params: number[]) => {
        for (const [table, type] of [
          ['variable_log_float', 'real'],
          ['variable_log_string', 'text'],
        ] as const) {
          const { rows: moved } = await h.source.query(
            `SELECT id_var, date, value${type === 'real' ? '::float8' : ''} AS value FROM ${table} WHERE ${where}`,
            params,
          );
          await g.query(`INSERT INTO ${table} SELECT * FROM unnest($1::int[], $2::bigint[], $3::${type}[])`, [
            moved.map((r) => r.id_var),
            moved.map((r) => r.date),
            moved.map((r) => r.value),
          ]);
        }
      };
      const inTime = (after: number, until: number) =>
        copy('date > $1 AND date <= $2 AND NOT (date > $3 AND date <= $4)', [after, until, held.from, held.to]);
      const growing = { ...machine, source: grow.url };
      let after = -1;
      for (const cut of [...cuts].sort((a, b) => a - b)) {
        if (cut <= after) continue;
        await inTime(after, cut);
        if (after < release && cut >= release) await copy('date > $1 AND date <= $2', [held.from, held.to]);
        after = cut;
        await runMachine(growing, { target, mode: { kind: 'run' }, source: g });
      }
      await inTime(after, Number.MAX_SAFE_INTEGER);
      await runMachine(growing, { target, mode: { kind: 'run' }, source: g });
      expect(aggregateDifferences(await readAggregates(target, 'm1'), rows)).toEqual([]);
    } finally {
      await g.end();
      await target.end();
      await grow.drop();
      await agg.drop();
    }
  }, 300_000);

  it('exercises what it claims: every state, planned and unplanned running, several causes', () => {
    const states = new Set(rows.states.map((s) => s.state));
    const v = machine.variables;
    expect(states.has('RUNNING') && states.has('OFFLINE') && states.has('IDLE')).toBe(true);
    expect(states.has('EMERGENCY')).toBe(v.emergency !== null);
    expect(states.has('STANDBY')).toBe(v.standby !== null);
    expect(rows.conditions.some((c) => c.planned_running_seconds > 0)).toBe(true);
    expect(rows.conditions.some((c) => c.unplanned_running_seconds > 0)).toBe(true);
    const categories = new Set(rows.downtime.map((d) => d.category));
    expect(categories.size).toBeGreaterThan(v.alarms === null ? 0 : 3);
  });
});

function downtimeRow(d: NaiveDowntime) {
  return {
    day: d.day,
    state: d.state,
    category: d.category,
    identity: d.identity,
    code: d.code,
    description: d.description,
    raised_at: d.raisedAt === null ? null : new Date(d.raisedAt).toISOString(),
    seconds: seconds(d.ms),
  };
}
