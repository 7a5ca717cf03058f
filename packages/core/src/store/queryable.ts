/** The pieces of node-postgres the readers use, so callers can pass a pool, a client or their own. */
export interface Queryable {
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}
