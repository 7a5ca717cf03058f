import { expect, it } from 'vitest';
import { inLanes } from './lanes.js';

it('runs every item once, at most `lanes` at a time, started in order, each lane one call at a time', async () => {
  const started: number[] = [];
  const busyLanes = new Set<number>();
  let running = 0;
  let most = 0;
  await inLanes([5, 1, 4, 2, 3, 1, 2], 3, async (ms, index, lane) => {
    expect(busyLanes.has(lane)).toBe(false);
    busyLanes.add(lane);
    started.push(index);
    most = Math.max(most, ++running);
    await new Promise((r) => setTimeout(r, ms));
    running--;
    busyLanes.delete(lane);
  });
  expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
  expect(most).toBe(3);
});

it('uses one lane for one item, and none for no items', async () => {
  const lanes: number[] = [];
  await inLanes(['a'], 4, async (_, __, lane) => {
    lanes.push(lane);
  });
  expect(lanes).toEqual([0]);
  await inLanes([], 4, async () => {
    throw new Error('no item, no call');
  });
});
