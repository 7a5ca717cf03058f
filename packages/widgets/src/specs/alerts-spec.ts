import type { TopLevelSpec } from 'vega-lite';
import type { RangeEnum } from 'vega-typings';
import { alarmColors, type ChartTheme } from '../internal/theme.js';
import type { Text } from '../i18n/text.js';
import { type ChartInput, signals, slot, TABLE, TIP } from './chart-input.js';

export interface CategoryCount {
  category: string;
  count: number;
}

/** Alarm occurrences per category, most frequent first; a click filters the list to `selected`. */
export function alertsChart(): TopLevelSpec {
  return {
    width: 'container',
    height: 60,
    data: { name: TABLE },
    params: signals('selected', 'categoryColors', 'categories', 'xTitle'),
    mark: { type: 'bar', tooltip: TIP, cursor: 'pointer' },
    encoding: {
      y: { field: 'category', type: 'nominal', sort: '-x', title: null },
      x: { field: 'count', type: 'quantitative', title: slot('xTitle'), axis: { tickMinStep: 1 } },
      color: {
        field: 'category',
        type: 'nominal',
        legend: null,
        scale: { domain: { expr: 'categories' }, range: slot<RangeEnum>('categoryColors') },
      },
      opacity: { condition: { test: 'selected === null || datum.category === selected', value: 1 }, value: 0.4 },
    },
  };
}

export function alertsSpec(rows: CategoryCount[], selected: string | undefined, theme: ChartTheme, text: Text): ChartInput {
  const { alerts } = text.m;
  const colors = alarmColors(
    rows.map((r) => r.category),
    theme,
  );
  return {
    chart: 'alerts',
    values: rows.map((r) => ({ ...r, tip: { [alerts.category]: r.category, [alerts.alarms]: r.count } })),
    height: Math.max(60, rows.length * 24),
    signals: { selected: selected ?? null, categories: colors.domain, categoryColors: colors.range, xTitle: alerts.alarms },
  };
}
