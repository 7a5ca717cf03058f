import { parseFleetConfig } from '@spindle/core';
import { expect, it } from 'vitest';
import { configHash } from './machine-record.js';

const machine = (sensor: object, motor: object = { name: 'M', nominalKw: 5 }) =>
  parseFleetConfig({ machines: [{ id: 'a', source: 's', variables: { sensors: [sensor], motors: [motor] } }] }).machines[0]!;

it('hashes what shapes the aggregates: a new label recomputes nothing, a new scale everything', () => {
  const plain = configHash(machine({ name: 'T', unit: '°C' }));
  expect(configHash(machine({ name: 'T', unit: '°C', label: 'Base temperature' }, { name: 'M', nominalKw: 5, label: 'Spindle' }))).toBe(
    plain,
  );
  expect(configHash(machine({ name: 'T', unit: '°C', scale: 0.1 }))).not.toBe(plain);
});
