import { describe, expect, it } from 'vitest';
import { de } from './de.js';
import { defineLanguage, loadLanguage, messagesFor } from './languages.js';
import { en } from './messages.js';
import { NBSP, Text } from './text.js';

describe('Text', () => {
  it('writes numbers in the locale, units after a space', () => {
    const german = new Text('de-DE');
    expect(german.hours(5400)).toBe(`1,5${NBSP}h`);
    expect(german.hours(36_000)).toBe(`10${NBSP}h`);
    expect(german.kwh(12.34)).toBe(`12,3${NBSP}kWh`);
    expect(german.decimal(1234.5678)).toBe('1234,568');
    expect(german.share(0.456)).toBe(`46${NBSP}%`);
    expect(german.shareExact(0.4567)).toBe(`45,7${NBSP}%`);
    const english = new Text('en');
    expect(english.hours(5400)).toBe(`1.5${NBSP}h`);
    expect(english.duration(45)).toBe(`45${NBSP}s`);
    expect(english.duration(600)).toBe(`10${NBSP}min`);
    expect(english.percent(1, 0)).toBe('–');
  });

  it('names states and programs in the language, once it has loaded', async () => {
    expect(new Text('fr-CA').m.program(null)).toBe('no program');
    await Promise.all([loadLanguage('de'), loadLanguage('fr-CA')]);
    expect(new Text('de').state('Running')).toBe(de.states.Running);
    expect(new Text('fr-CA').m.program(null)).toBe('aucun programme');
  });
});

describe('languages', () => {
  it('picks the exact tag, else the language, else English', async () => {
    await loadLanguage('de-AT');
    expect(messagesFor('de-AT')).toBe(de);
    expect(messagesFor('DE')).toBe(de);
    expect(messagesFor('pt-BR')).toBe(en);
  });

  it('takes a new language, a region’s entry before its language’s', () => {
    const brazil = { ...en, loading: 'Carregando…' };
    defineLanguage('pt-BR', brazil);
    expect(messagesFor('pt-br')).toBe(brazil);
    expect(messagesFor('pt-PT')).toBe(en);
    expect(new Text('pt-BR').m.loading).toBe('Carregando…');
  });
});
