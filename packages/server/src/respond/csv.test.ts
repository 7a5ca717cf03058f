import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';

const row = (value: unknown) => toCsv([{ v: value }], ['v']).split('\r\n')[1];

describe('toCsv', () => {
  it('quotes per RFC 4180', () => {
    expect(row('plain')).toBe('plain');
    expect(row('a,b')).toBe('"a,b"');
    expect(row('say "hi"')).toBe('"say ""hi"""');
    expect(row('two\nlines')).toBe('"two\nlines"');
    expect(row(null)).toBe('');
    expect(toCsv([{ lastRun: { startedAt: 1 } }], ['lastRun.startedAt'])).toBe('lastRunStartedAt\r\n1\r\n');
  });

  it.each(['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])('neutralises the formula %j', (text) => {
    expect(row(text)).toBe(`"'${text.replaceAll('"', '""')}"`);
  });

  it('keeps numbers numbers, negative ones included, and text that is a number as it is', () => {
    expect(row(-12.5)).toBe('-12.5');
    expect(row(0)).toBe('0');
    for (const code of ['-12', '+7', '-0.5', '-1e3', '.5']) expect(row(code)).toBe(code);
    expect(row('-12 spindle')).toBe('"\'-12 spindle"');
  });

  it('writes lists and objects as plain text, never JSON', () => {
    const shifts = [
      { name: 'A', start: '06:00', days: ['Mon', 'Tue'] },
      { name: 'B', start: '14:00', days: [] },
    ];
    expect(row(shifts)).toBe('"A 06:00 Mon,Tue; B 14:00"');
    expect(row([{ name: 'TEMP', unit: '°C' }])).toBe('TEMP °C');
    expect(row([])).toBe('');
  });
});
