import fc from 'fast-check';
import { expect, it } from 'vitest';
import { roundTo } from './send-list.js';

it('rounds exactly as Number(toFixed) does, half-way cases and float noise included', () => {
  for (const [value, decimals] of [
    [1.0005, 3],
    [1.0045, 3],
    [1137759.9190000002, 3],
    [-2.5e-7, 6],
    [0.1 + 0.2, 6],
    [1199.9995, 3],
    [123456789.0005, 3],
  ] as const) {
    expect(roundTo(value, decimals), `${value}`).toBe(Number(value.toFixed(decimals)));
  }
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), fc.constantFrom(3, 6), (value, decimals) => {
      expect(Object.is(roundTo(value, decimals), Number(value.toFixed(decimals))) || roundTo(value, decimals) === 0).toBe(true);
    }),
    { numRuns: 20_000 },
  );
  // Values of the form k/1000 ± a few ulps, where the two ways differ if either is careless.
  fc.assert(
    fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: -3, max: 3 }), (k, ulps) => {
      let value = (k + 0.5) / 1000;
      for (let i = 0; i < Math.abs(ulps); i++) value = ulps > 0 ? nextUp(value) : -nextUp(-value);
      expect(roundTo(value, 3)).toBe(Number(value.toFixed(3)));
    }),
    { numRuns: 20_000 },
  );
});

function nextUp(x: number): number {
  const buffer = new DataView(new ArrayBuffer(8));
  buffer.setFloat64(0, x);
  const bits = buffer.getBigUint64(0);
  buffer.setBigUint64(0, x >= 0 ? bits + 1n : bits - 1n);
  return buffer.getFloat64(0);
}
