import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { cspSafeView } from '../chart/vega-runtime.js';
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
  offline: '#888888',
  danger: '#ff0000',
  font: 'sans-serif',
};

/** Draws a spec headless (as SVG text) and returns the fills of its data marks, in order. */
async function fills(spec: TopLevelSpec): Promise<string[]> {
  const container = { ...spec, width: 400 } as TopLevelSpec;
  const view = cspSafeView(container, { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  // Data marks only: not axes, legends, nor the rectangle of a brush.
  const marks = [...svg.matchAll(/<g class="mark-(?:rect|area|line|symbol) role-mark ([^"]*)"[^>]*>(.*?)<\/g>/g)].filter((m) => !m[1]!.includes('brush')).map((m) => m[2]!);
  return marks.flatMap((g) => [...g.matchAll(/<path [^>]*?fill="([^"]+)"/g)].map((m) => m[1]!));
}

const day = (d: string, running: number, idle: number, offline: number) => ({
  day: d,
  shift: null,
  runningSeconds: running,
  idleSeconds: idle,
  offlineSeconds: offline,
  coveredSeconds: running + idle + offline,
});

describe('chart specs compile and draw one mark per datum, in the theme colours', () => {
  it('utilization stacks running, idle, offline per day', async () => {
    const f = await fills(utilizationSpec([day('2024-03-25', 3600, 1800, 0), day('2024-03-26', 0, 0, 86400)], theme));
    expect(f.sort()).toEqual(['#00aa00', '#00aa00', '#888888', '#888888', '#aaaa00', '#aaaa00']);
  });

  it('fleet dims machines other than the selected one', async () => {
    const spec = fleetSpec(
      [
        { machineId: 'a', runningSeconds: 10, idleSeconds: 0, offlineSeconds: 0, coveredSeconds: 10 },
        { machineId: 'b', runningSeconds: 10, idleSeconds: 0, offlineSeconds: 0, coveredSeconds: 10 },
      ],
      new Map([['a', 'Mill A']]),
      'b',
      theme,
    );
    const view = cspSafeView({ ...spec, width: 400 } as TopLevelSpec, { renderer: 'none' });
    const svg = await view.toSVG();
    expect(svg).toContain('Mill A');
    expect(svg.match(/opacity="0.45"/g)).toHaveLength(3);
  });

  it('the timeline draws each interval in its state colour', async () => {
    const rows = [
      { start: 0, end: 3_600_000, state: 'Running' as const, from: '', to: '', duration: '', seconds: 3600 },
      { start: 3_600_000, end: 7_200_000, state: 'Offline' as const, from: '', to: '', duration: '', seconds: 3600 },
    ];
    expect(await fills(timelineSpec(rows, [0, 7_200_000], theme))).toEqual(['#00aa00', '#888888']);
    // The window [0, 2 h] spans the 400 px: each hour-long bar is 200 px wide.
    const view = cspSafeView({ ...timelineSpec(rows, [0, 7_200_000], theme), width: 400 } as TopLevelSpec, { renderer: 'none' });
    const svg = await view.toSVG();
    view.finalize();
    const bars = /<g class="mark-rect role-mark marks"[^>]*>(.*?)<\/g>/.exec(svg)![1]!;
    expect([...bars.matchAll(/ d="M([\d.]+),[\d.]+h([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])])).toEqual([
      [0, 200],
      [200, 200],
    ]);
  });

  it('energy marks the peak hour', async () => {
    const rows = [5, 9, 2].map((kwh, i) => ({ start: i * 3_600_000, label: '', day: '1970-01-01', kwh, dayKwh: 16 }));
    expect(await fills(energySpec(rows, 'hour', rows[1], theme))).toEqual(['#0000ff', '#ff0000', '#0000ff']);
  });

  it('sensor stats draw the band and the average line', async () => {
    const rows = [0, 1, 2].map((i) => ({ start: i * 3_600_000, label: '', min: i, avg: i + 1, max: i + 2, count: 10 }));
    const svg = await cspSafeView({ ...sensorSpec(rows, 'T (°C)', theme), width: 400 } as TopLevelSpec, { renderer: 'none' }).toSVG();
    expect(svg).toContain('class="mark-area role-mark');
    expect(svg).toContain('class="mark-line role-mark');
    expect(svg).toContain('T (°C)');
  });

  it('programs and alerts draw one bar per row', async () => {
    const programs = [{ program: 'P1', hours: 2, kwh: 3, duration: '2 h', energy: '3 kWh' }];
    expect(await fills(programsSpec(programs, theme))).toEqual(['#0000ff']);
    const alerts = alertsSpec([{ category: 'error', count: 2 }, { category: 'warning', count: 1 }], undefined, theme);
    expect(await fills(alerts)).toEqual(['#ff0000', '#ff0000']);
  });
});
