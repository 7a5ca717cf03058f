import type { Queryable } from '../postgres/queryable.js';

/** Buffers generated rows and inserts them in large array batches. */
export class RowSink {
  private floats: { id: number[]; date: number[]; value: (number | null)[] } = { id: [], date: [], value: [] };
  private strings: { id: number[]; date: number[]; value: (string | null)[] } = { id: [], date: [], value: [] };
  floatCount = 0;
  stringCount = 0;

  constructor(
    private readonly db: Queryable,
    private readonly batch = 50_000,
  ) {}

  float(id: number, date: number, value: number | null): void {
    this.floats.id.push(id);
    this.floats.date.push(date);
    this.floats.value.push(value);
    this.floatCount++;
  }

  string(id: number, date: number, value: string | null): void {
    this.strings.id.push(id);
    this.strings.date.push(date);
    this.strings.value.push(value);
    this.stringCount++;
  }

  async flushIfFull(): Promise<void> {
    if (this.floats.id.length >= this.batch) await this.flushFloats();
    if (this.strings.id.length >= this.batch) await this.flushStrings();
  }

  private async flushFloats(): Promise<void> {
    const rows = this.floats;
    this.floats = { id: [], date: [], value: [] };
    await this.insert('variable_log_float', 'real', rows);
  }

  private async flushStrings(): Promise<void> {
    const rows = this.strings;
    this.strings = { id: [], date: [], value: [] };
    await this.insert('variable_log_string', 'text', rows);
  }

  private async insert(table: string, type: string, rows: { id: number[]; date: number[]; value: unknown[] }): Promise<void> {
    for (let i = 0; i < rows.id.length; i += this.batch) {
      const j = i + this.batch;
      await this.db.query(`INSERT INTO ${table} SELECT * FROM unnest($1::int[], $2::bigint[], $3::${type}[])`, [
        rows.id.slice(i, j),
        rows.date.slice(i, j),
        rows.value.slice(i, j),
      ]);
    }
  }

  async flush(): Promise<void> {
    await this.flushFloats();
    await this.flushStrings();
  }
}
