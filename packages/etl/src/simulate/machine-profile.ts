/** Names of the variables a simulated machine logs, as a real numerical control would. */
export const SIM_VARIABLES = {
  inOperation: 'MACHINE_IN_OPERATION',
  program: 'PROGRAM_NUMBER',
  emergency: 'MACHINE_EMERGENCY',
  standby: 'OP_MODE_STANDBY',
  alarms: 'ALARMS',
  motors: [
    { name: 'SPINDLE_LOAD_1', label: 'Spindle motor', nominalKw: 37 },
    { name: 'AXIS_X_MOTOR_UTILIZACION', nominalKw: 7.5 },
    { name: 'AXIS_Z_MOTOR_UTILIZACION', nominalKw: 5.5 },
  ],
  sensors: [
    { name: 'TEMPERATURA_BASE', label: 'Base temperature', unit: '°C', scale: 0.01, min: 1 },
    { name: 'TEMPERATURA_SPINDLE', label: 'Spindle temperature', unit: '°C', scale: 0.01, min: 1, max: 15000 },
  ],
  extraFloat: ['FEED_OVERRIDE'],
  extraString: ['OPERATOR_MESSAGE'],
} as const;

/**
 * The sample fleet of the demo and the tests: a DST zone, a half-hour zone,
 * shifts planned on weekdays only (the two-shift machines also run Saturday
 * mornings: unplanned overtime), a holiday, e-stops and standby.
 */
export function sampleFleet(sourceFor: (id: string) => string): { machines: Record<string, unknown>[] } {
  const variables = {
    inOperation: SIM_VARIABLES.inOperation,
    program: { name: SIM_VARIABLES.program, min: 0, max: 999 },
    emergency: SIM_VARIABLES.emergency,
    standby: SIM_VARIABLES.standby,
    alarms: SIM_VARIABLES.alarms,
    motors: SIM_VARIABLES.motors.map((m) => ({ ...m })),
    sensors: SIM_VARIABLES.sensors.map((s) => ({ ...s })),
  };
  return {
    machines: [
      {
        id: '2207',
        name: 'Boring mill 2207',
        source: sourceFor('2207'),
        timezone: 'Europe/Madrid',
        dayStart: '06:00',
        shifts: [
          { name: 'A', start: '06:00', days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'] },
          { name: 'B', start: '14:00', days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'] },
          { name: 'C', start: '22:00', days: [] },
        ],
        holidays: ['2025-12-08', '2025-12-25', '2026-01-01', '2026-12-08', '2026-12-25'],
        variables,
      },
      { id: '3104', name: 'Lathe 3104', source: sourceFor('3104'), timezone: 'America/Chicago', variables },
      { id: '5001', name: 'Machining centre 5001', source: sourceFor('5001'), timezone: 'Asia/Kolkata', variables },
    ],
  };
}

/** How a simulated machine is scheduled: which local hours it is powered on. */
export type WorkPattern = 'two-shift' | 'continuous-weekdays';

/** Every third machine of a fleet runs around the clock on weekdays; the others two shifts. */
export function workPatternOf(index: number): WorkPattern {
  return index % 3 === 1 ? 'continuous-weekdays' : 'two-shift';
}
