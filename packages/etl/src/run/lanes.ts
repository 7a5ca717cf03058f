/**
 * Calls `work` for every item, at most `lanes` at a time, starting them in the
 * items' order; each call is told its item's index and its lane (0 ≤ lane <
 * lanes), so a lane can keep a connection of its own. Resolves when all ended;
 * `work` reports its own failures, one that throws stops its lane's next items.
 */
export async function inLanes<T>(
  items: readonly T[],
  lanes: number,
  work: (item: T, index: number, lane: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (id: number) => {
    while (next < items.length) {
      const at = next++;
      await work(items[at]!, at, id);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, (_, id) => lane(id)));
}
