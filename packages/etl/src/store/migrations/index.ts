import initial from './0001-initial.js';
import runUnits from './0002-run-units.js';
import visibleRuns from './0003-visible-runs.js';
import sourceHours from './0004-source-hours.js';
import conditionsDowntimeAvailability from './0005-conditions-downtime-availability.js';
import implausibleDates from './0006-implausible-dates.js';
import biViews from './0007-bi-views.js';
import machineNow from './0008-machine-now.js';
import resumeState from './0009-resume-state.js';

/** Ordered, append-only: a released migration is never edited, only followed. */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'run-units', sql: runUnits },
  { version: 3, name: 'visible-runs', sql: visibleRuns },
  { version: 4, name: 'source-hours', sql: sourceHours },
  { version: 5, name: 'conditions-downtime-availability', sql: conditionsDowntimeAvailability },
  { version: 6, name: 'implausible-dates', sql: implausibleDates },
  { version: 7, name: 'bi-views', sql: biViews },
  { version: 8, name: 'machine-now', sql: machineNow },
  { version: 9, name: 'resume-state', sql: resumeState },
];
