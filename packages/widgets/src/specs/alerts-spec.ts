import type { TopLevelSpec } from 'vega-lite';
import { alarmColors } from '../internal/theme.js';
import type { ChartTheme } from '../internal/theme.js';

export interface CategoryCount {
  category: string;
  count: number;
}

/** Alarm occurrences per category, most frequent first; a click filters the list. */
export function alertsSpec(rows: CategoryCount[], selected: string | undefined, theme: ChartTheme): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height: Math.max(60, rows.length * 24),
    data: { values: rows },
    mark: { type: 'bar', tooltip: true, cursor: 'pointer' },
    encoding: {
      y: { field: 'category', type: 'nominal', sort: '-x', title: null },
      x: { field: 'count', type: 'quantitative', title: 'alarms', axis: { tickMinStep: 1 } },
      color: {
        field: 'category',
        type: 'nominal',
        legend: null,
        scale: alarmColors(
          rows.map((r) => r.category),
          theme,
        ),
      },
      opacity: selected ? { condition: { test: `datum.category === ${JSON.stringify(selected)}`, value: 1 }, value: 0.4 } : { value: 1 },
      tooltip: [{ field: 'category' }, { field: 'count', title: 'alarms' }],
    },
  };
}
