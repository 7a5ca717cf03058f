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

  it('keeps numbers numbers, negative ones included', () => {
    expect(row(-12.5)).toBe('-12.5');
    expect(row(0)).toBe('0');
  });
});
