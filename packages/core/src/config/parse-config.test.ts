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
      historyStart: '2000-01-01T00:00:00.000Z',
      clockSkewSeconds: 300,
      variables: { inOperation: null, program: null, emergency: null, standby: null, alarms: null, motors: [], sensors: [] },
      holidays: [],
    });
    expect(m!.alarmCategories.map((c) => c.category)).toEqual(['emergency', 'error', 'warning']);
  });

  it('reads conditions, planned weekdays and holidays (metrics.md §11, §13)', () => {
    const [m] = parseFleetConfig({
      machines: [
        {
          id: 'a',
          source: 's',
          shifts: [
            { name: 'A', start: '06:00', days: ['Fri', 'Mon', 'Mon'] },
            { name: 'N', start: '22:00' },
          ],
          holidays: ['2024-12-25', '2024-01-01'],
          variables: { emergency: 'MACHINE_EMERGENCY', standby: 'OP_MODE_STANDBY' },
        },
      ],
    }).machines;
    expect(m!.shifts).toEqual([
      { name: 'A', start: '06:00', days: ['Mon', 'Fri'] },
      { name: 'N', start: '22:00', days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] },
    ]);
    expect(m!.holidays).toEqual(['2024-01-01', '2024-12-25']);
    expect(m!.variables).toMatchObject({ emergency: 'MACHINE_EMERGENCY', standby: 'OP_MODE_STANDBY' });
  });

  it('names an unknown weekday and a holiday that is not a date', () => {
    const message = problems({
      machines: [
        { id: 'a', source: 's', shifts: [{ name: 'A', start: '06:00', days: ['Mon', 'Monday'] }], holidays: ['2024-02-30', 'xmas'] },
      ],
    });
    expect(message).toContain('machines[0].shifts[0].days[1]: unknown weekday "Monday"; use one of Mon, Tue, Wed, Thu, Fri, Sat, Sun');
    expect(message).toContain('machines[0].holidays[0]: "2024-02-30" is not a date; write a production day as "YYYY-MM-DD"');
    expect(message).toContain('machines[0].holidays[1]: "xmas" is not a date');
  });

  it('parses a parsed config written back as JSON to the same config', () => {
    const fleet = parseFleetConfig({
      machines: [
        { id: 'a', source: 's', shifts: [{ name: 'A', start: '06:00', days: ['Mon'] }], variables: { program: 'P' } },
        { id: 'b', source: 's' },
      ],
    });
    expect(parseFleetConfig(JSON.parse(JSON.stringify(fleet)))).toEqual(fleet);
  });

  it('fills sensor and program defaults, a label the name', () => {
    const [m] = parseFleetConfig({
      machines: [
        {
          id: 'a',
          source: 's',
          variables: {
            program: 'P',
            sensors: [
              { name: 'T', unit: '°C' },
              { name: 'U', label: 'Coolant' },
            ],
          },
        },
      ],
    }).machines;
    expect(m!.variables.program).toEqual({ name: 'P', min: 0, max: 999 });
    expect(m!.variables.sensors).toEqual([
      { name: 'T', label: 'T', unit: '°C', scale: 1, min: null, max: null },
      { name: 'U', label: 'Coolant', unit: '', scale: 1, min: null, max: null },
    ]);
  });

  it.each([
    [{}, 'machines: is required'],
    [{ machines: [{ source: 's' }] }, 'machines[0].id: is required'],
    [{ machines: [{ id: 'a' }] }, 'machines[0].source: is required'],
    [{ machines: [{ id: 'a b', source: 's' }] }, 'machines[0].id: may only hold'],
    [{ machines: [{ id: 'a', source: 's', timezone: 'Nowhere/City' }] }, 'machines[0].timezone: unknown time zone'],
    [{ machines: [{ id: 'a', source: 's', dayStart: '6:00' }] }, 'machines[0].dayStart: must be a whole local hour'],
    [{ machines: [{ id: 'a', source: 's', offlineGapSeconds: 0 }] }, 'machines[0].offlineGapSeconds: must be > 0'],
    [
      { machines: [{ id: 'a', source: 's', variables: { sensors: [{ name: 'T', label: ' ' }] } }] },
      'sensors[0].label: must be a text of 1 to 200',
    ],
    [
      { machines: [{ id: 'a', source: 's', variables: { motors: [{ name: 'M', nominalKw: 5, label: 7 }] } }] },
      'motors[0].label: must be a text',
    ],
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
    // metrics.md §14: configured numbers are finite and bounded, so no product of them overflows.
    [
      { machines: [{ id: 'a', source: 's', variables: { sensors: [{ name: 'T', scale: 1e308 }] } }] },
      'sensors[0].scale: must be at most 1000000000',
    ],
    [{ machines: [{ id: 'a', source: 's', variables: { sensors: [{ name: 'T', scale: -2 }] } }] }, 'sensors[0].scale: must be > 0'],
    [{ machines: [{ id: 'a', source: 's', variables: { sensors: [{ name: 'T', max: -1e10 }] } }] }, 'sensors[0].max: must be at most'],
    [
      { machines: [{ id: 'a', source: 's', variables: { motors: [{ name: 'M', nominalKw: 1e308 }] } }] },
      'motors[0].nominalKw: must be at most 1000000000',
    ],
    [{ machines: [{ id: 'a', source: 's', variables: { motors: [{ name: 'M', nominalKw: 0 }] } }] }, 'motors[0].nominalKw: must be > 0'],
    [
      { machines: [{ id: 'a', source: 's', variables: { motors: [{ name: 'M', nominalKw: 5, max: 1e12 }] } }] },
      'motors[0].max: must be at most',
    ],
    [{ machines: [{ id: 'a', source: 's', variables: { program: { name: 'P', max: 1e300 } } }] }, 'program.max: must be at most'],
    [{ machines: [{ id: 'a', source: 's', historyStart: '2015' }] }, 'machines[0].historyStart: must be an ISO instant'],
    [{ machines: [{ id: 'a', source: 's', clockSkewSeconds: -1 }] }, 'machines[0].clockSkewSeconds: must be ≥ 0'],
  ])('rejects %j naming the field', (input, message) => {
    expect(problems(input)).toContain(message);
  });

  it('reads the bounds of plausible rows (metrics.md §14), and a parsed config parses again', () => {
    const input = {
      machines: [
        {
          id: 'a',
          source: 's',
          historyStart: '2015-06-01T02:00:00+02:00',
          clockSkewSeconds: 60,
          variables: {
            motors: [
              { name: 'M', nominalKw: 37, max: 400 },
              { name: 'N', nominalKw: 5 },
            ],
          },
        },
      ],
    };
    const [m] = parseFleetConfig(input).machines;
    expect(m).toMatchObject({ historyStart: '2015-06-01T00:00:00.000Z', clockSkewSeconds: 60 });
    expect(m!.variables.motors).toEqual([
      { name: 'M', label: 'M', nominalKw: 37, max: 400 },
      { name: 'N', label: 'N', nominalKw: 5, max: 1000 },
    ]);
    expect(parseFleetConfig(JSON.parse(JSON.stringify({ machines: [m] }))).machines[0]).toEqual(m);
  });

  it('reports every problem at once', () => {
    const message = problems({ machines: [{ id: 'a', timezone: 'X/Y', dayStart: 'noon' }] });
    expect(message.split('\n  - ')).toHaveLength(4);
  });
});
