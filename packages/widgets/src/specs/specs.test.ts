import { describe, expect, it } from 'vitest';
import { cspSafeView } from '../chart/vega-runtime.js';
import { Text } from '../i18n/text.js';
import { TimeFormat } from '../internal/time-format.js';
import type { ChartInput } from './chart-input.js';
import type { ChartTheme } from '../internal/theme.js';
import { alertsSpec } from './alerts-spec.js';
import { energySpec } from './energy-spec.js';
import { programsSpec } from './programs-spec.js';
import { sensorSpec } from './sensor-spec.js';
import { timelineSpec } from './timeline-spec.js';
import { fleetSpec, utilizationSpec } from './utilization-spec.js';

const theme: ChartTheme = {
  text: '#111111',
  muted: '#666666',
  border: '#dddddd',
  accent: '#0000ff',
  running: '#00aa00',
  idle: '#aaaa00',
  standby: '#aa00aa',
  emergency: '#aa0000',
  offline: '#888888',
  danger: '#ff0000',
  alarmError: '#ff8800',
  alarmWarning: '#ffcc00',
  font: 'sans-serif',
};
const fmt = new TimeFormat('en-GB', 'Europe/Madrid');
const text = new Text('en-GB');
// A viewer far from the machine: axes must still read the machine's wall clock.
(globalThis as unknown as { process: { env: Record<string, string> } }).process.env.TZ = 'America/New_York';

/** A chart drawn headless, 400 px wide, as SVG text. */
async function svgOf(input: ChartInput, locale?: string): Promise<string> {
  const view = cspSafeView(input, { renderer: 'none' }, locale);
  view.width(400);
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** The text of the axis labels of a drawn chart, in order. */
async function axisLabels(input: ChartInput): Promise<string[]> {
  const svg = await svgOf(input, fmt.locale);
  // The x axis's labels: the first group of axis labels that has any (the grid axis has none).
  const groups = [...svg.matchAll(/<g class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/g)].map((g) =>
    [...g[1]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!),
  );
  return groups.find((g) => g.length > 0) ?? [];
}

/** Draws a chart headless and returns the fills of its data marks, in order. */
async function fills(input: ChartInput): Promise<string[]> {
  const svg = await svgOf(input);
  // Data marks only: not axes, legends, nor the rectangle of a brush.
  const marks = [...svg.matchAll(/<g class="mark-(?:rect|area|line|symbol) role-mark ([^"]*)"[^>]*>(.*?)<\/g>/g)]
    .filter((m) => !m[1]!.includes('brush'))
    .map((m) => m[2]!);
  return marks.flatMap((g) => [...g.matchAll(/<path [^>]*?fill="([^"]+)"/g)].map((m) => m[1]!));
}

const day = (d: string, running: number, idle: number, offline: number, standby = 0, emergency = 0) => ({
  day: d,
  shift: null,
  runningSeconds: running,
  idleSeconds: idle,
  standbySeconds: standby,
  emergencySeconds: emergency,
  offlineSeconds: offline,
  coveredSeconds: running + idle + offline + standby + emergency,
  plannedSeconds: 0,
  plannedRunningSeconds: 0,
  unplannedRunningSeconds: running,
  availability: null,
});
const machine = (machineId: string, running: number) => ({ ...day('', running, 0, 0), machineId, availability: 0.5 });

describe('chart specs compile and draw one mark per datum, in the theme colours', () => {
  it('utilization stacks running, idle, offline per day', async () => {
    const f = await fills(utilizationSpec([day('2024-03-25', 3600, 1800, 0), day('2024-03-26', 0, 0, 86400)], theme, fmt, text));
    expect(f.sort()).toEqual(['#00aa00', '#00aa00', '#888888', '#888888', '#aaaa00', '#aaaa00']);
  });

  it('utilization adds standby and emergency segments only for a machine that has them', async () => {
    const f = await fills(utilizationSpec([day('2024-03-25', 3600, 1800, 0, 600, 300)], theme, fmt, text));
    expect(f.sort()).toEqual(['#00aa00', '#888888', '#aa0000', '#aa00aa', '#aaaa00']);
  });

  it('utilization labels days in the locale and fades a partial day', async () => {
    const spec = utilizationSpec([day('2024-03-25', 43200, 21600, 21600), day('2024-03-26', 36000, 7200, 14400)], theme, fmt, text);
    const svg = await svgOf(spec);
    expect(svg).toContain('>25 Mar<');
    expect(svg).toContain('>26 Mar<');
    // The second day is 16 h covered: its three segments are drawn at half opacity.
    expect(svg.match(/fill-opacity="0.5"|opacity="0.5"/g)).toHaveLength(3);
  });

  it('fleet dims machines other than the selected one', async () => {
    const spec = fleetSpec([machine('a', 10), machine('b', 10)], new Map([['a', 'Mill A']]), 'b', theme, text);
    const svg = await svgOf(spec);
    expect(svg).toContain('Mill A');
    expect(svg.match(/opacity="0.45"/g)).toHaveLength(3);
  });

  it('the timeline draws each interval in its state colour', async () => {
    const rows = [
      { start: 0, end: 3_600_000, state: 'Running' as const, from: '', to: '', duration: '', seconds: 3600 },
      { start: 3_600_000, end: 7_200_000, state: 'Offline' as const, from: '', to: '', duration: '', seconds: 3600 },
    ];
    expect(await fills(timelineSpec(rows, [0, 7_200_000], theme, fmt, text))).toEqual(['#00aa00', '#888888']);
    // The window [0, 2 h] spans the x axis: each hour-long bar is half its width.
    const svg = await svgOf(timelineSpec(rows, [0, 7_200_000], theme, fmt, text));
    const axis = Number(/role-axis-domain"[^>]*><line [^>]*x2="([\d.]+)"/.exec(svg)![1]);
    const bars = /<g class="mark-rect role-mark marks"[^>]*>(.*?)<\/g>/.exec(svg)![1]!;
    expect(axis).toBeGreaterThan(100);
    expect([...bars.matchAll(/ d="M([\d.]+),[\d.]+h([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])])).toEqual([
      [0, axis / 2],
      [axis / 2, axis / 2],
    ]);
  });

  it('time axes: dates on multi-day ranges, a 24-hour clock within a day, the zone named', async () => {
    const day0 = Date.UTC(2024, 2, 25);
    const week = [{ start: day0, end: day0 + 7 * 86_400_000, state: 'Running' as const, from: '', to: '', duration: '', seconds: 0 }];
    const weekLabels = await axisLabels(timelineSpec(week, [day0, day0 + 7 * 86_400_000], theme, fmt, text));
    expect(weekLabels.length).toBeGreaterThan(2);
    for (const label of weekLabels) expect(label).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} (Mar|Apr)$/);
    const hours = await axisLabels(timelineSpec(week, [day0 + 6 * 3_600_000, day0 + 18 * 3_600_000], theme, fmt, text));
    expect(hours).toContain('12:00');
    expect(hours.every((l) => /^\d{2}:00$/.test(l))).toBe(true);
    expect(await svgOf(timelineSpec(week, [day0, day0 + 7 * 86_400_000], theme, fmt, text))).toContain('Europe/Madrid');
    const german = new TimeFormat('de-DE', 'Europe/Berlin');
    expect(await svgOf(timelineSpec(week, [day0, day0 + 7 * 86_400_000], theme, german, new Text('de-DE')), german.locale)).toMatch(
      />(Mo|Di|Mi|Do|Fr|Sa|So)\.?, \d{1,2}\. (März|Apr\.?)</,
    );
  });

  it('energy marks the peak hour', async () => {
    const rows = [5, 9, 2].map((kwh, i) => ({ start: i * 3_600_000, label: '', day: '1970-01-01', kwh, dayKwh: 16 }));
    expect(await fills(energySpec(rows, 'hour', rows[1], theme, fmt, text))).toEqual(['#0000ff', '#ff0000', '#0000ff']);
  });

  it('sensor stats draw the band and the average line', async () => {
    const rows = [0, 1, 2].map((i) => ({ start: i * 3_600_000, label: '', min: i, avg: i + 1, max: i + 2, count: 10 }));
    const svg = await svgOf(sensorSpec(rows, 'T (°C)', theme, fmt, 3_600_000, text, '°C'));
    expect(svg).toContain('class="mark-area role-mark');
    expect(svg).toContain('class="mark-line role-mark');
    expect(svg).toContain('T (°C)');
  });

  it('sensor lines and bands break at a gap instead of crossing it', async () => {
    const rows = [0, 1, 5, 6].map((i) => ({ start: i * 3_600_000, label: '', min: i, avg: i + 1, max: i + 2, count: 10 }));
    const svg = await svgOf(sensorSpec(rows, 'T', theme, fmt, 3_600_000, text, '°C'));
    // Two separate pieces: each path of the line and the area starts over (M) after the gap.
    const line = /<g class="mark-line role-mark[^"]*"[^>]*><path[^>]* d="([^"]+)"/.exec(svg)![1]!;
    const area = /<g class="mark-area role-mark[^"]*"[^>]*><path[^>]* d="([^"]+)"/.exec(svg)![1]!;
    expect(line.match(/M/g)).toHaveLength(2);
    expect(area.match(/M/g)).toHaveLength(2);
  });

  it('programs and alerts draw one bar per row', async () => {
    const programs = [{ program: 'P1', hours: 2, kwh: 3, duration: '2 h', energy: '3 kWh' }];
    expect(await fills(programsSpec(programs, theme, text))).toEqual(['#0000ff']);
    const alerts = alertsSpec(
      [
        { category: 'error', count: 2 },
        { category: 'warning', count: 1 },
      ],
      undefined,
      theme,
      text,
    );
    expect(await fills(alerts)).toEqual(['#ff8800', '#ffcc00']);
    const all = alertsSpec(
      ['emergency', 'error', 'warning', 'other', 'custom'].map((category, i) => ({ category, count: 10 - i })),
      undefined,
      theme,
      text,
    );
    expect(await fills(all)).toEqual(['#ff0000', '#ff8800', '#ffcc00', '#888888', '#0000ff']);
  });
});
