import initial from './0001-initial.js';

/** Ordered, append-only: a released migration is never edited, only followed. */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: 'initial', sql: initial },
];
