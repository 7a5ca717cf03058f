// Type-level tests: `npm run typecheck` (tsc) fails when a wrong call compiles or
// a result field has another type than documented.
import { createSpindleClient, type Alert, type Utilization } from '../src/index.js';

const client = createSpindleClient();
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>(_: T) => _;

export async function typeTests() {
  const u = await client.utilization({ machine: '2207', from: '2024-03-01', to: '2024-03-07', by: 'shift' });
  if (u.data) {
    assert<Equal<typeof u.data, Utilization[]>>(true);
    assert<Equal<Utilization['shift'], string | null>>(true);
    assert<Equal<Utilization['runningSeconds'], number>>(true);
  }
  assert<Equal<Alert['clearedAt'], string | null>>(true);

  // @ts-expect-error: `machine` is required
  await client.utilization({ from: '2024-03-01' });
  // @ts-expect-error: `by` is day or shift
  await client.utilization({ machine: '2207', from: '2024-03-01', by: 'week' });
  // @ts-expect-error: days are YYYY-MM-DD strings, not Dates
  await client.energy({ machine: '2207', from: new Date() });
  // @ts-expect-error: `sensor` is required for sensor statistics
  await client.sensorStats({ machine: '2207', from: '2024-03-01' });
  // @ts-expect-error: unknown parameter name
  await client.states({ machine: '2207', from: '2024-03-01', until: '2024-03-02' });
  // @ts-expect-error: results must be checked before use
  (await client.machines()).data.length;
}
