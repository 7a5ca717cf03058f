import { expect, it } from 'vitest';
import generated from '../generated/charts.json' with { type: 'json' };
import { compileCharts } from './compile-charts.js';

it('src/generated/charts.json is the vega of src/specs (run `npm run generate -w @spindle/widgets` after changing a spec)', () => {
  expect(generated).toEqual(compileCharts());
});

it('every slot became a signal reference, none is left inside text', () => {
  expect(JSON.stringify(compileCharts())).not.toContain('{{');
});
