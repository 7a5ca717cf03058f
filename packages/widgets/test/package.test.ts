import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('describes every element in custom-elements.json, with its attributes, events, parts and custom properties', () => {
  const manifest = JSON.parse(readFileSync(new URL('../custom-elements.json', import.meta.url), 'utf8'));
  const elements = manifest.modules.flatMap((m: { declarations?: { tagName?: string }[] }) =>
    (m.declarations ?? []).filter((d) => d.tagName),
  );
  const tags = elements.map((d: { tagName: string }) => d.tagName).sort();
  expect(tags).toEqual([
    'spindle-alerts',
    'spindle-dashboard',
    'spindle-downtime',
    'spindle-energy',
    'spindle-fleet',
    'spindle-programs',
    'spindle-sensor-stats',
    'spindle-state-timeline',
    'spindle-status-board',
    'spindle-utilization',
  ]);
  for (const el of elements) {
    const names = (key: string) => (el[key] ?? []).map((x: { name: string }) => x.name);
    expect(names('attributes'), el.tagName).toEqual(
      expect.arrayContaining(['api-url', 'machine', 'from', 'to', 'token', 'refresh', 'theme']),
    );
    expect(names('events'), el.tagName).toContain('spindle-error');
    expect(names('cssProperties'), el.tagName).toContain('--spindle-background');
    expect(names('cssParts').length, el.tagName).toBeGreaterThan(0);
  }
});
