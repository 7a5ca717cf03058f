import type { Queryable } from '../postgres/queryable.js';
import type { PlausibleDates } from './plausible-dates.js';

const TABLES = ['variable_log_float', 'variable_log_string'] as const;
type Table = (typeof TABLES)[number];

/** Where a log table's reading stopped: rows after `after` (a tuple id) up to `last` numbered `count`. */
export interface TablePosition {
  filenode: string;
  after: string;
  count: number;
  last: string | null;
}

/**
 * What a run saw of the production DB's log tables, physically: the tail each
 * ended with, and how many rows PostgreSQL had counted as updated or deleted.
 */
export interface SourceTail {
  tables: Record<Table, TablePosition>;
  changes: number;
}

export type TailReading =
  /** Rows may have changed anywhere (rows updated or deleted, a table rewritten, no earlier reading): compare the hours. */
  | { kind: 'unknown'; tail: SourceTail | null }
  /** Only appended rows: `first` the earliest plausible date of the configured variables among them, null when none. */
  | { kind: 'appended'; tail: SourceTail; changed: boolean; first: number | null };

const RELEVANT = 'id_var = ANY($1::int[]) AND date >= $2 AND date <= $3';

interface TableState {
  relname: Table;
  filenode: string;
  changes: number;
  /** The last page of the table: where a first reading starts, instead of scanning it all. */
  lastPage: number;
}

/**
 * Reads what arrived at the end of both log tables since `previous`: a TID range
 * scan over the new tuples only, so a round with nothing new reads a page or
 * two whatever the number of variables. Rows are appended at the end of a heap
 * that has seen no updates or deletions, which PostgreSQL's counters tell; when
 * it has (or on PostgreSQL before 14, without TID range scans, or with counting
 * off) the answer is `unknown` and the caller compares hour fingerprints.
 * Positions lag a reading behind, so a transaction that commits after a reading
 * that could not see it is still found by the next one.
 */
export async function readTail(source: Queryable, previous: SourceTail | null, ids: number[], dates: PlausibleDates): Promise<TailReading> {
  const { rows: meta } = await source.query<{ usable: boolean; tables: TableState[] | null }>(
    `SELECT current_setting('server_version_num')::int >= 140000 AND current_setting('track_counts')::bool AS usable,
            (SELECT json_agg(json_build_object('relname', c.relname, 'filenode', pg_relation_filenode(c.oid)::text,
                    'changes', pg_stat_get_tuples_updated(c.oid) + pg_stat_get_tuples_deleted(c.oid),
                    'lastPage', greatest(pg_relation_size(c.oid) / current_setting('block_size')::int - 1, 0)))
               FROM pg_class c WHERE c.relname = ANY($1::text[]) AND c.relkind = 'r' AND pg_table_is_visible(c.oid)) AS tables`,
    [TABLES],
  );
  const states = meta[0]?.tables ?? [];
  if (!meta[0]?.usable || states.length !== TABLES.length) return { kind: 'unknown', tail: null };
  const changes = states.reduce((n, t) => n + Number(t.changes), 0);
  const tables = {} as Record<Table, TablePosition>;
  let changed = false;
  let first: number | null = null;
  let comparable = previous !== null && previous.changes === changes;
  // Each table from where its last reading ended (or its last page): both in one statement.
  const reading = states.map((state) => {
    const before = previous?.tables[state.relname];
    const same = comparable && before !== undefined && before.filenode === state.filenode;
    if (!same) comparable = false;
    return { state, before, same, after: same ? before.after : `(${state.lastPage},0)`, seen: same ? before.last : null };
  });
  // Rows up to `seen` were there at the last reading: only their number is compared (a
  // transaction that committed late among them), and only newer rows say where changes start.
  const part = (k: number) => {
    const [after, seen] = [`$${4 + 2 * k}::tid`, `$${5 + 2 * k}::tid`];
    return `SELECT ${k} AS k, count(*) FILTER (WHERE ${seen} IS NOT NULL AND ctid <= ${seen})::float8 AS old,
              count(*) FILTER (WHERE ${seen} IS NULL OR ctid > ${seen})::float8 AS new, max(ctid)::text AS last,
              min(date) FILTER (WHERE (${seen} IS NULL OR ctid > ${seen}) AND ${RELEVANT}) AS first,
              min(date) FILTER (WHERE ${RELEVANT}) AS "firstAll"
         FROM ${reading[k]!.state.relname} WHERE ctid > ${after}`;
  };
  const { rows } = await source.query<{
    k: number;
    old: number;
    new: number;
    last: string | null;
    first: number | null;
    firstAll: number | null;
  }>(`${reading.map((_, k) => part(k)).join(' UNION ALL ')} ORDER BY k`, [
    ids,
    dates.from,
    dates.to,
    ...reading.flatMap((r) => [r.after, r.seen]),
  ]);
  for (const [k, { state, before, same, after, seen }] of reading.entries()) {
    const r = rows[k]!;
    // The next reading starts where this one's previous reading ended: one reading behind.
    tables[state.relname] = {
      filenode: state.filenode,
      after: seen ?? after,
      count: seen === null ? r.old + r.new : r.new,
      last: r.last ?? seen,
    };
    if (!same) continue;
    const straggler = r.old !== before!.count;
    if (straggler || r.new > 0) {
      changed = true;
      const f = straggler ? r.firstAll : r.first;
      if (f !== null && (first === null || Number(f) < first)) first = Number(f);
    }
  }
  const tail = { tables, changes };
  return comparable ? { kind: 'appended', tail, changed, first } : { kind: 'unknown', tail };
}
