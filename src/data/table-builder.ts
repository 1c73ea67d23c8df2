/** Accumulates rows column-major and hands them out as RawTables, chunk by chunk. */
import type { RawTable } from "../core/frame.js";

export class TableBuilder {
  readonly source: string;
  private readonly names: string[];
  private columns: (string | null)[][];
  private lines: number[] = [];

  constructor(source: string, header: readonly string[]) {
    this.source = source;
    this.names = [...header];
    this.columns = header.map(() => []);
  }

  get rows(): number {
    return this.lines.length;
  }

  get header(): readonly string[] {
    return this.names;
  }

  /** Appends one row; `values` may be longer than the header (a reused buffer), only the first columns are kept. */
  addRow(values: readonly (string | null)[], line: number): void {
    const columns = this.columns;
    for (let c = 0; c < columns.length; c++) (columns[c] as (string | null)[]).push(values[c] ?? null);
    this.lines.push(line);
  }

  /** Adds a column, missing in the rows already added; returns its index. */
  addColumn(name: string): number {
    this.names.push(name);
    this.columns.push(new Array<string | null>(this.rows).fill(null));
    return this.columns.length - 1;
  }

  /** The rows added since the last take, as a table; the builder starts again empty. */
  take(): RawTable {
    const table: RawTable = {
      source: this.source,
      header: [...this.names],
      rows: this.lines.length,
      cells: this.columns,
      lines: Int32Array.from(this.lines),
    };
    this.columns = this.names.map(() => []);
    this.lines = [];
    return table;
  }
}
