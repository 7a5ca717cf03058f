import type { StateName } from '../specs/states.js';

/**
 * Every word an element shows. Sentences are functions of their numbers, already
 * formatted in the reader's locale (see Text), so each language orders and
 * inflects them its own way. A new language is one object of this type given to
 * `defineLanguage` (see the package README).
 *
 * Left in English on purpose: the API's own problem text (the server writes it)
 * and messages about a wrong attribute, which are for the page's developer.
 */
export interface Messages {
  /** The state names of charts, legends and cards. */
  states: Record<StateName, string>;
  /** A state inside a sentence ("running 46 %"): lower case where the language writes it so. */
  stateInText: Record<StateName, string>;

  // What every element shows around its chart.
  loading: string;
  retry: string;
  couldNotLoad: (message: string) => string;
  /** Shown under a 401 or 403: how a page passes its credential. */
  accessHelp: string;
  chartNotDrawn: (message: string) => string;
  noDataFor: (range: string) => string;
  noDataYet: string;
  dataThrough: (when: string, zone: string) => string;
  stale: string;
  table: string;
  /** A program number as a label, e.g. "P12"; null is no program running. */
  program: (program: number | null) => string;

  // Column names, axis titles and tooltip keys shared by several charts.
  day: string;
  hour: string;
  shift: string;
  state: string;
  time: string;
  from: string;
  to: string;
  duration: string;
  hours: string;
  covered: string;
  planned: string;
  availability: string;
  machine: string;
  share: string;

  utilization: {
    heading: string;
    partialMark: string;
    partialNote: (covered: string) => string;
    summary: (parts: string, covered: string) => string;
    nothingPlanned: string;
    availability: (availability: string, planned: string, outsidePlan: string | null) => string;
    partialDay: string;
  };
  fleet: {
    heading: string;
    selectMachine: string;
    summary: (machines: number, list: string) => string;
    availability: (availability: string) => string;
  };
  timeline: {
    heading: string;
    toolbar: string;
    zoomIn: string;
    zoomOut: string;
    earlier: string;
    later: string;
    reset: string;
    summary: (intervals: number, from: string, to: string, shares: string) => string;
  };
  sensor: {
    heading: string;
    summary: (sensor: string, bucket: 'hour' | 'day', average: string, lowest: string, highest: string) => string;
    min: (unit: string) => string;
    avg: (unit: string) => string;
    max: (unit: string) => string;
    values: string;
  };
  energy: {
    heading: string;
    total: string;
    peak: (bucket: 'hour' | 'day') => string;
    summary: (total: string, days: number, peak: { bucket: 'hour' | 'day'; label: string; kwh: string } | null) => string;
    dayTotal: string;
  };
  programs: {
    heading: string;
    program: string;
    running: string;
    runningHours: string;
    energy: string;
    summary: (programs: number, longest: string, ran: string, drew: string) => string;
  };
  downtime: {
    heading: string;
    noAlarm: string;
    back: string;
    ofCategory: string;
    cause: string;
    ofDowntime: string;
    summary: (total: string, category: string | null, top: string) => string;
  };
  alerts: {
    heading: string;
    alarms: string;
    stillActive: string;
    category: string;
    all: string;
    search: string;
    list: string;
    raised: string;
    cleared: string;
    code: string;
    description: string;
    previous: string;
    next: string;
    /** Which alarms the page of the list shows, of how many. */
    shown: (first: number, last: number, total: number) => string;
    /** The search matches no alarm loaded. */
    noMatch: string;
    summary: (total: number, list: string) => string;
  };
  board: {
    heading: string;
    sort: string;
    mostUrgent: string;
    name: string;
    show: string;
    all: string;
    noMachine: string;
    noData: string;
    noOpenAlarm: string;
    today: (running: string | null, availability: string | null) => string;
    notRunYet: string;
  };
  dashboard: {
    machine: string;
    from: string;
    to: string;
  };
}

export const en: Messages = {
  states: { Running: 'Running', Idle: 'Idle', Standby: 'Standby', Emergency: 'Emergency', Offline: 'Offline' },
  stateInText: { Running: 'running', Idle: 'idle', Standby: 'standby', Emergency: 'emergency', Offline: 'offline' },
  loading: 'Loading…',
  retry: 'Retry',
  couldNotLoad: (message) => `Could not load: ${message}`,
  accessHelp:
    'This API asks for a credential. Give the element a signed embed token in its token attribute, or a client made with createSpindleClient({ apiKey }) in its client property.',
  chartNotDrawn: (message) => `The chart could not be drawn: ${message}`,
  noDataFor: (range) => `No data for ${range}.`,
  noDataYet: 'No data processed yet.',
  dataThrough: (when, zone) => `Data through ${when}, ${zone}`,
  stale: 'stale',
  table: 'Table',
  program: (program) => (program === null ? 'no program' : `P${program}`),
  day: 'day',
  hour: 'hour',
  shift: 'shift',
  state: 'state',
  time: 'time',
  from: 'from',
  to: 'to',
  duration: 'duration',
  hours: 'hours',
  covered: 'covered',
  planned: 'planned',
  availability: 'availability',
  machine: 'machine',
  share: 'share',
  utilization: {
    heading: 'Utilization',
    partialMark: '(partial)',
    partialNote: (covered) => `partial day: ${covered} covered so far`,
    summary: (parts, covered) => `${parts[0]!.toUpperCase()}${parts.slice(1)} of ${covered} covered.`,
    nothingPlanned: 'Nothing was planned.',
    availability: (availability, planned, outside) =>
      `Availability ${availability} of ${planned} planned${outside ? `, ${outside} running outside the plan` : ''}.`,
    partialDay: 'The faded day is partial: only part of it has been processed.',
  },
  fleet: {
    heading: 'Fleet utilization',
    selectMachine: 'Select a machine',
    summary: (machines, list) => `${machines} machine${machines === 1 ? '' : 's'} by running share: ${list}.`,
    availability: (availability) => `availability ${availability}`,
  },
  timeline: {
    heading: 'State timeline',
    toolbar: 'Zoom the timeline',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    earlier: 'Earlier',
    later: 'Later',
    reset: 'Reset',
    summary: (intervals, from, to, shares) => `${intervals} state intervals from ${from} to ${to}: ${shares}.`,
  },
  sensor: {
    heading: 'Sensor',
    summary: (sensor, bucket, average, lowest, highest) =>
      `${sensor} by the ${bucket}: average ${average}, lowest ${lowest}, highest ${highest}.`,
    min: (unit) => `min (${unit})`,
    avg: (unit) => `avg (${unit})`,
    max: (unit) => `max (${unit})`,
    values: 'values',
  },
  energy: {
    heading: 'Energy',
    total: 'in total',
    peak: (bucket) => `peak ${bucket}`,
    summary: (total, days, peak) =>
      `${total} over ${days} day${days === 1 ? '' : 's'}${peak ? `; the peak ${peak.bucket} was ${peak.label} with ${peak.kwh}` : ''}.`,
    dayTotal: 'day total kWh',
  },
  programs: {
    heading: 'Programs',
    program: 'program',
    running: 'running',
    runningHours: 'running hours',
    energy: 'energy',
    summary: (programs, longest, ran, drew) =>
      `${programs} program${programs === 1 ? '' : 's'} ran; the longest, ${longest}, ran ${ran} and drew ${drew}.`,
  },
  downtime: {
    heading: 'Downtime by cause',
    noAlarm: 'no alarm',
    back: '← All causes',
    ofCategory: 'Alarms of category',
    cause: 'cause',
    ofDowntime: 'of downtime',
    summary: (total, category, top) => `${total} of downtime${category ? ` with ${category} alarms open` : ''}: ${top}.`,
  },
  alerts: {
    heading: 'Alarms',
    alarms: 'alarms',
    stillActive: 'still active',
    category: 'Category',
    all: 'all',
    search: 'Search',
    list: 'Alarms, newest first',
    raised: 'Raised',
    cleared: 'Cleared',
    code: 'Code',
    description: 'Description',
    previous: 'Previous alarms',
    next: 'Next alarms',
    shown: (first, last, total) => `${first}–${last} of ${total} alarms`,
    noMatch: 'No alarm matches the search',
    summary: (total, list) => `${total} alarm${total === 1 ? '' : 's'}: ${list}.`,
  },
  board: {
    heading: 'Machines now',
    sort: 'Sort',
    mostUrgent: 'Most urgent',
    name: 'Name',
    show: 'Show',
    all: 'All',
    noMachine: 'No machine to show.',
    noData: 'No data',
    noOpenAlarm: 'No open alarm',
    today: (running, availability) =>
      `Today ${running === null ? '–' : `${running} running`}${availability === null ? '' : `, availability ${availability}`}`,
    notRunYet: 'Not run yet',
  },
  dashboard: {
    machine: 'Machine',
    from: 'From',
    to: 'To',
  },
};
