import type { TopLevelSpec } from 'vega-lite';
import { alertsChart } from './alerts-spec.js';
import { downtimeChart } from './downtime-spec.js';
import { energyChart } from './energy-spec.js';
import { programsChart } from './programs-spec.js';
import { sensorChart } from './sensor-spec.js';
import { timelineChart } from './timeline-spec.js';
import { fleetChart, utilizationChart } from './utilization-spec.js';

/**
 * Every chart the elements draw, by the name a ChartInput gives. Compiled to
 * vega at build time (`npm run generate -w @spindle/widgets`), so a page never
 * loads vega-lite.
 */
export const CHARTS: Record<string, TopLevelSpec> = {
  alerts: alertsChart(),
  downtime: downtimeChart(),
  energyByDay: energyChart('day'),
  energyByHour: energyChart('hour'),
  fleet: fleetChart(),
  programs: programsChart(),
  sensor: sensorChart(false),
  sensorPoints: sensorChart(true),
  timeline: timelineChart(),
  utilization: utilizationChart(),
};
