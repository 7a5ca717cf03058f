import { simulateFleet } from '../../simulate/index.js';
import { dayOption, fleetConfig, numberOption, parseCommandArgs } from '../options.js';
import type { CommandContext } from './command.js';

export async function simulateCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(args, {
    days: { type: 'string' },
    from: { type: 'string' },
    seed: { type: 'string' },
    density: { type: 'string' },
    machine: { type: 'string' },
  });
  const days = numberOption(
    'days',
    values.days,
    (n) => Number.isInteger(n) && n >= 1 && n <= 3660,
    'a whole number of days from 1 to 3660',
  );
  const seed = numberOption('seed', values.seed, Number.isInteger, 'an integer');
  const density = numberOption('density', values.density, (n) => n > 0 && n <= 100, 'a number in (0, 100]');
  const fleet = await fleetConfig(values.config);
  await simulateFleet(fleet, {
    days,
    from: dayOption('from', values.from),
    seed,
    density,
    machineId: values.machine,
    onMachineDone: (s) =>
      ctx.reporter.info(`machine ${s.machineId}: simulated ${s.floatRows} float and ${s.stringRows} string rows`, {
        event: 'simulated',
        ...s,
      }),
  });
  return 0;
}
