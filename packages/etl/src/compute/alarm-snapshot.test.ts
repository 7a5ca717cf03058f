import { categorize, DEFAULT_ALARM_CATEGORIES } from '@spindle/core';
import { describe, expect, it } from 'vitest';
import { parseAlarmSnapshot } from './alarm-snapshot.js';

describe('parseAlarmSnapshot', () => {
  it.each([null, '', '  ', 'garbage', '{}', '"text"', '42', 'null'])('treats %j as malformed', (value) => {
    expect(parseAlarmSnapshot(value)).toBeNull();
  });

  it('reads [code, description, …] elements, trimmed, identity by code or description', () => {
    const s = parseAlarmSnapshot(
      '[[" 12 ", " Spindle fault ", "extra"], ["", "Door open"], [7, null], "x", {"a":1}, ["", ""], ["12", "again"]]',
    );
    expect([...s!.values()]).toEqual([
      { identity: '12', code: '12', description: 'Spindle fault' },
      { identity: 'Door open', code: '', description: 'Door open' },
      { identity: '7', code: '7', description: '' },
    ]);
  });

  it('treats a row nested deeper than any stack as malformed, whole or as an element', () => {
    expect(parseAlarmSnapshot(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBeNull();
    expect(parseAlarmSnapshot(`[[${'['.repeat(100_000)}${']'.repeat(100_000)}, "deep"]]`)).toBeNull();
  });

  it('removes NUL characters before taking the identity (metrics.md §14)', () => {
    const alarms = parseAlarmSnapshot('[["E\\u00001", "Door\\u0000 open"], ["\\u0000", "\\u0000"], ["E1", "again"]]');
    expect([...alarms!.values()]).toEqual([{ identity: 'E1', code: 'E1', description: 'Door open' }]);
  });

  it('reads [] as no active alarm', () => {
    expect(parseAlarmSnapshot('[]')!.size).toBe(0);
  });
});

describe('categorize', () => {
  it.each([
    ['EMERGENCY STOP', 'emergency'],
    ['Emergency: drive error', 'emergency'], // first rule wins
    ['Fallo de lubricación', 'error'],
    ['Servo ERR 12', 'error'],
    ['Aviso: puerta abierta', 'warning'],
    ['Tool life expired', 'other'],
  ])('%s → %s', (description, category) => {
    expect(categorize(description, DEFAULT_ALARM_CATEGORIES)).toBe(category);
  });

  it('uses configured rules instead of the defaults', () => {
    expect(categorize('Door open', [{ category: 'safety', keywords: ['DOOR'] }])).toBe('safety');
    expect(categorize('EMERGENCY', [{ category: 'safety', keywords: ['door'] }])).toBe('other');
  });
});
