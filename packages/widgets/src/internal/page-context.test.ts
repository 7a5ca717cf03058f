import { SpindleApiError, type SpindleClient } from '@spindle/sdk';
import { afterEach, expect, it, vi } from 'vitest';
import { type Delivery, PageContext } from './page-context.js';

afterEach(() => vi.useRealTimers());

/** A client whose event stream is refused `refusals` times, then opens and stays open. */
function fakeClient(refusals: number) {
  let asked = 0;
  const calls = { machines: 0, streams: 0 };
  const client = {
    machines: async () => {
      calls.machines++;
      return { data: [] };
    },
    status: async () => ({ data: [] }),
    async *events(o: { signal?: AbortSignal; onOpen?: () => void }) {
      calls.streams++;
      if (asked++ < refusals) throw new SpindleApiError({ type: 'about:blank', title: 'Service unavailable', status: 503 });
      o.onOpen?.();
      await new Promise((r) => o.signal?.addEventListener('abort', r));
    },
  } as unknown as SpindleClient;
  return { client, calls };
}

it('makes one request for every element that asks at once', async () => {
  const { client, calls } = fakeClient(0);
  const page = PageContext.of(`test:${Math.random()}`, client);
  const signal = new AbortController().signal;
  await Promise.all([page.machines(signal), page.machines(signal), page.machines(signal)]);
  expect(calls.machines).toBe(1);
});

it('never hands an aborted request to an element that asks again at once', async () => {
  let calls = 0;
  const client = {
    machines: (o: { signal: AbortSignal }) =>
      new Promise((resolve, reject) => {
        calls++;
        o.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        setTimeout(() => resolve({ data: [] }), 10);
      }),
  } as unknown as SpindleClient;
  const page = PageContext.of(`test:${Math.random()}`, client);
  const leaving = new AbortController();
  const first = page.machines(leaving.signal).catch((e: Error) => e.name);
  leaving.abort();
  // Appended again before the aborted request has settled.
  await expect(page.machines(new AbortController().signal)).resolves.toEqual([]);
  expect(await first).toBe('AbortError');
  expect(calls).toBe(2);
});

it('polls while the stream is refused, and asks for it again a minute later', async () => {
  vi.useFakeTimers();
  const { client, calls } = fakeClient(1);
  const page = PageContext.of(`test:${Math.random()}`, client);
  const seen: Delivery[] = [];
  const leave = page.subscribe({ machine: null, onData: () => {}, onDelivery: (d) => seen.push(d) });
  await vi.advanceTimersByTimeAsync(0);
  expect(seen).toEqual(['connecting', 'polling']);
  await vi.advanceTimersByTimeAsync(59_000);
  expect(calls.streams).toBe(1);
  await vi.advanceTimersByTimeAsync(1_000);
  expect([calls.streams, seen.at(-1)]).toEqual([2, 'live']);
  leave();
  await vi.advanceTimersByTimeAsync(1_000);
});
