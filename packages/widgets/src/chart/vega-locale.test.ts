import { describe, expect, it } from 'vitest';
import { vegaLocale } from './vega-locale.js';

describe('vegaLocale', () => {
  it('names months and weekdays and writes the decimal separator of the locale', () => {
    const de = vegaLocale('de-DE');
    expect((de.time.months as string[])[2]).toBe('März');
    expect((de.time.shortDays as string[])[0]).toBe('So');
    expect(de.number).toMatchObject({ decimal: ',', thousands: '.' });
    expect(vegaLocale('en-GB').number).toMatchObject({ decimal: '.', thousands: ',' });
  });
});
