import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseFleetConfig } from './parse-config.js';

const problems = (input: unknown): string => {
  try {
    parseFleetConfig(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('parseFleetConfig', () => {
  it('applies the defaults of metrics.md §2 when only id and source are given', () => {
    const [m] = parseFleetConfig({ machines: [{ id: 2207, source: 'postgres://r@h/2207' }] }).machines;
    expect(m).toMatchObject({
      id: '2207',
      name: '2207',
      timezone: 'UTC',
      dayStart: '00:00',
      shifts: [],
      offlineGapSeconds: 600,
      variables: { inOperation: null, program: null, alarms: null, motors: [], sensors: [] },
    });
    expect(m!.alarmCategories.map((c) => c.category)).toEqual(['emergency', 'error', 'warning']);
  });

  it('fills sensor and program defaults', () => {
    const [m] = parseFleetConfig({
      machines: [{ id: 'a', source: 's', variables: { program: 'P', sensors: [{ name: 'T', unit: '°C' }] } }],
    }).machines;
    expect(m!.variables.program).toEqual({ name: 'P', min: 0, max: 999 });
    expect(m!.variables.sensors).toEqual([{ name: 'T', unit: '°C', scale: 1, min: null, max: null }]);
  });

  it.each([
    [{}, 'machines: is required'],
    [{ machines: [{ source: 's' }] }, 'machines[0].id: is required'],
    [{ machines: [{ id: 'a' }] }, 'machines[0].source: is required'],
    [{ machines: [{ id: 'a b', source: 's' }] }, 'machines[0].id: may only hold'],
    [{ machines: [{ id: 'a', source: 's', timezone: 'Nowhere/City' }] }, 'machines[0].timezone: unknown time zone'],
    [{ machines: [{ id: 'a', source: 's', dayStart: '6:00' }] }, 'machines[0].dayStart: must be a whole local hour'],
    [{ machines: [{ id: 'a', source: 's', offlineGapSeconds: 0 }] }, 'machines[0].offlineGapSeconds: must be > 0'],
    [{ machines: [{ id: 'a', source: 's', shifts: [{ name: 'A', start: '25:00' }] }] }, 'machines[0].shifts[0].start'],
    [
      { machines: [{ id: 'a', source: 's', variables: { motors: [{ name: 'M' }] } }] },
      'machines[0].variables.motors[0].nominalKw: is required',
    ],
    [{ machines: [{ id: 'a', source: 's', variables: { sensors: [{ name: 'T', min: 5, max: 1 }] } }] }, 'min (5) is greater than max (1)'],
    [
      {
        machines: [
          { id: 'a', source: 's' },
          { id: 'a', source: 't' },
        ],
      },
      'duplicate machine id "a"',
    ],
    [{ machines: [{ id: 'a', source: 's', variabels: {} }] }, 'machines[0].variabels: unknown field'],
  ])('rejects %j naming the field', (input, message) => {
    expect(problems(input)).toContain(message);
  });

  it('reports every problem at once', () => {
    const message = problems({ machines: [{ id: 'a', timezone: 'X/Y', dayStart: 'noon' }] });
    expect(message.split('\n  - ')).toHaveLength(4);
  });
});
