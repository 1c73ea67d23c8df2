/**
 * Streaming CSV reader (RFC 4180 quoting). The file is read in 1 MiB pieces, decoded to a
 * string buffer and scanned with charCodeAt; cells are slices of that buffer, so memory
 * stays bounded by the chunk size when chunks are consumed one at a time.
 *
 * Conventions: the first non-blank record is the header; blank lines are skipped anywhere
 * (pandas does the same); LF, CRLF and lone CR end a line; a quote opens a quoted value only
 * at the start of a field (after optional spaces), elsewhere it is an ordinary character;
 * every value is trimmed, then empty values and missing tokens become null.
 */
import { createReadStream } from "node:fs";
import { TextDecoder } from "node:util";
import type { RawTable } from "../core/frame.js";
import { dataError, LeadscoreError } from "../core/errors.js";
import { assertReadableFile, fileError } from "./file-access.js";
import { cellValue, missingTest, type MissingTest } from "./missing-tokens.js";
import { resolveChunkRows, type ChunkOptions, type ReadOptions } from "./read-options.js";
import { sniffDelimiter } from "./csv-sniff.js";

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
/** Bytes read before the delimiter is sniffed (unless the file is shorter). */
const SNIFF_CHARS = 64 * 1024;
const READ_BYTES = 1 << 20;
/** Distinct values per column worth sharing; past this a column is treated as free-form. */
const INTERN_LIMIT = 1024;

/** parseRecord results besides a field count. */
const INCOMPLETE = -1;
const END = -2;

/** Reads a CSV file as tables of at most `chunkRows` rows (default 65536), all with the same header. */
export async function* readCsvChunks(path: string, options: ReadOptions & ChunkOptions = {}): AsyncGenerator<RawTable> {
  const chunkRows = resolveChunkRows(options.chunkRows);
  const delimiter = options.delimiter === undefined ? undefined : resolveDelimiter(options.delimiter);
  await assertReadableFile(path);
  const parser = new CsvParser(path, missingTest(options.na), delimiter);
  const stream = createReadStream(path, { highWaterMark: READ_BYTES });
  // Bytes not yet parsed. The unparsed tail is decoded again with the next read rather than
  // kept as a string: concatenated strings scan about twice as slowly as freshly decoded ones.
  let pending: Buffer = Buffer.alloc(0);
  let atStart = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let bytes = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      if (atStart && bytes.length >= 3) {
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
        atStart = false;
      }
      const complete = completeUtf8Length(bytes);
      const text = decodeUtf8(bytes.subarray(0, complete), parser, path);
      parser.reset(text);
      for (let table = parser.next(chunkRows, false); table; table = parser.next(chunkRows, false)) yield table;
      const consumed = text.length === complete ? parser.consumed : Buffer.byteLength(text.slice(0, parser.consumed));
      pending = bytes.subarray(consumed);
    }
    if (atStart && pending[0] === 0xef && pending[1] === 0xbb && pending[2] === 0xbf) pending = pending.subarray(3);
    parser.reset(decodeUtf8(pending, parser, path));
    for (let table = parser.next(chunkRows, true); table; table = parser.next(chunkRows, true)) yield table;
  } catch (err) {
    throw err instanceof LeadscoreError ? err : fileError(path, err);
  } finally {
    stream.destroy();
  }
}

/** Reads a whole CSV file as one table. */
export async function readCsv(path: string, options: ReadOptions = {}): Promise<RawTable> {
  for await (const table of readCsvChunks(path, { ...options, chunkRows: Number.POSITIVE_INFINITY })) return table;
  throw new LeadscoreError("internal", `CSV reader returned no table for '${path}'.`);
}

/** A user-given delimiter: one character; `\t` spelled out and `tab` are accepted for the tab. */
export function resolveDelimiter(delimiter: string): string {
  const resolved = delimiter === "\\t" || delimiter.toLowerCase() === "tab" ? "\t" : delimiter;
  if (resolved.length !== 1 || resolved === '"' || resolved === "\n" || resolved === "\r") {
    throw new LeadscoreError("usage", `The delimiter must be one character other than a quote or a line break, got '${delimiter}'.`, { field: "delimiter" });
  }
  return resolved;
}

/** ignoreBOM keeps a BOM as a character, so character and byte offsets stay in step; the file's own BOM is skipped as bytes. */
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Uint8Array, parser: CsvParser, path: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    // `bytes` starts where the parser stopped: count the lines up to the bad byte.
    const bad = firstInvalidUtf8(bytes);
    let line = parser.currentLine;
    for (let i = 0; i < bad; i++) if (bytes[i] === LF) line++;
    throw dataError("the file is not valid UTF-8 text; save it as UTF-8 (in a spreadsheet: \"CSV UTF-8\")", { file: path, line });
  }
}

/** Offset of the first byte that does not start a well-formed UTF-8 character (bytes.length if none). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  const continues = (at: number, low = 0x80, high = 0xbf): boolean => at < n && (bytes[at] as number) >= low && (bytes[at] as number) <= high;
  for (let i = 0; i < n; ) {
    const b = bytes[i] as number;
    if (b < 0x80) i++;
    else if (b >= 0xc2 && b <= 0xdf && continues(i + 1)) i += 2;
    else if (b >= 0xe0 && b <= 0xef && continues(i + 1, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf) && continues(i + 2)) i += 3;
    else if (b >= 0xf0 && b <= 0xf4 && continues(i + 1, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf) && continues(i + 2) && continues(i + 3)) i += 4;
    else return i;
  }
  return n;
}

/** Length of the longest prefix of `bytes` that does not end inside a UTF-8 character. */
function completeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 4 && back <= n; back++) {
    const b = bytes[n - back] as number;
    if (b < 0x80) return n; // ASCII: complete
    if (b >= 0xc0) {
      // A lead byte: does its character fit?
      const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return back >= size ? n : n - back;
    }
  }
  return n; // not UTF-8 anyway: let the decoder report it
}

/** Incremental parser: push text, then pull tables until it needs more input. */
class CsvParser {
  private text = "";
  private pos = 0;
  /** Physical line number (1-based) at `pos`. */
  private line = 1;
  private delimiterCode: number;
  /** Header names; empty until the header is read. */
  private header: string[] = [];
  /** Field count of the header, -1 until it is read. */
  private width = -1;
  /** Rows of the current chunk, column-major, and the line each starts on. */
  private columns: (string | null)[][] = [];
  private lines: number[] = [];
  /**
   * Per column, the distinct values seen so far (until INTERN_LIMIT): repeated categories
   * then share one string, which saves memory and most of the garbage collector's work.
   */
  private interned: (Map<string, string> | null)[] = [];
  /** Header fields (the header is parsed before the width is known). */
  private readonly headerFields: (string | null)[] = [];
  private recordLine = 1;
  private recordStart = 0;
  private emitted = false;
  private done = false;

  constructor(
    private readonly path: string,
    private readonly isMissing: MissingTest,
    delimiter: string | undefined,
  ) {
    this.delimiterCode = delimiter === undefined ? -1 : delimiter.charCodeAt(0);
  }

  /** Continues on `text`: the unparsed tail of the previous text followed by newly read input. */
  reset(text: string): void {
    this.text = text;
    this.pos = 0;
  }

  /** Characters of the current text parsed so far (always at a record boundary). */
  get consumed(): number {
    return this.pos;
  }

  get currentLine(): number {
    return this.line;
  }

  /** The next full chunk, or at `final` the last one; undefined when more input is needed or all is out. */
  next(chunkRows: number, final: boolean): RawTable | undefined {
    if (this.done) return undefined;
    if (this.width < 0 && !this.readHeader(final)) return undefined;
    const width = this.width;
    const columns = this.columns;
    const lines = this.lines;
    while (lines.length < chunkRows) {
      const count = this.parseRecord(final);
      if (count === INCOMPLETE) return undefined;
      if (count === END) break;
      if (count === width) lines.push(this.recordLine);
      else if (this.isBlankRecord(count, width)) (columns[0] as (string | null)[]).pop();
      else throw this.raggedError(count, width);
    }
    if (lines.length < chunkRows) {
      // END: emit what is left, and always at least one table so callers get the header.
      this.done = true;
      if (lines.length === 0 && this.emitted) return undefined;
    }
    this.emitted = true;
    const table: RawTable = { source: this.path, header: this.header, rows: lines.length, cells: columns, lines: Int32Array.from(lines) };
    this.columns = this.header.map(() => []);
    this.lines = [];
    return table;
  }

  private readHeader(final: boolean): boolean {
    if (this.delimiterCode < 0) {
      if (!final && this.text.length - this.pos < SNIFF_CHARS) return false;
      this.delimiterCode = sniffDelimiter(this.text.slice(this.pos, this.pos + SNIFF_CHARS), final && this.text.length - this.pos <= SNIFF_CHARS).charCodeAt(0);
    }
    const count = this.parseRecord(final);
    if (count === INCOMPLETE) return false;
    if (count === END) throw dataError("the file is empty; a header row naming the columns is required", { file: this.path });
    const header: string[] = [];
    const seen = new Map<string, number>();
    for (let c = 0; c < count; c++) {
      const name = this.headerFields[c] ?? `column_${c + 1}`;
      const earlier = seen.get(name);
      if (earlier !== undefined) {
        throw dataError(`the header names two columns '${name}' (positions ${earlier + 1} and ${c + 1}); column names must be unique`, {
          file: this.path,
          line: this.recordLine,
        });
      }
      seen.set(name, c);
      header.push(name);
    }
    this.header = header;
    this.width = count;
    this.columns = header.map(() => []);
    this.interned = header.map(() => new Map<string, string>());
    return true;
  }

  /** A whitespace-only line in a multi-column file reads as one empty field: treat it as blank. */
  private isBlankRecord(count: number, width: number): boolean {
    if (count !== 1 || width <= 1) return false;
    const first = this.columns[0] as (string | null)[];
    return first[first.length - 1] === null && this.text.slice(this.recordStart, this.pos).trim() === "";
  }

  private raggedError(count: number, width: number): LeadscoreError {
    const hint = count > width ? "check for an unquoted delimiter inside a value" : "check for a missing delimiter or a line break inside an unquoted value";
    const fields = (n: number): string => `${n} field${n === 1 ? "" : "s"}`;
    return dataError(`expected ${fields(width)} (as in the header) but found ${count}; ${hint}`, { file: this.path, line: this.recordLine });
  }

  /** Stores field `index` of the record being parsed. */
  private store(index: number, value: string | null): void {
    if (this.width < 0) {
      this.headerFields[index] = value;
      return;
    }
    if (index >= this.width) return; // a ragged record: only its field count matters
    if (value !== null) {
      const seen = this.interned[index];
      if (seen) {
        const earlier = seen.get(value);
        if (earlier !== undefined) value = earlier;
        else if (seen.size < INTERN_LIMIT) seen.set(value, value);
        else this.interned[index] = null;
      }
    }
    (this.columns[index] as (string | null)[]).push(value);
  }

  /** Takes back the fields stored for a record that turned out incomplete. */
  private unstore(count: number): number {
    if (this.width >= 0) for (let c = Math.min(count, this.width) - 1; c >= 0; c--) (this.columns[c] as (string | null)[]).pop();
    return INCOMPLETE;
  }

  /**
   * Parses one record at `pos`, storing its fields; returns its field count, INCOMPLETE when
   * the buffer ends inside it (before `final`), or END when no record is left. Position and
   * line only advance past complete records, so an INCOMPLETE one is parsed again later.
   */
  private parseRecord(final: boolean): number {
    const text = this.text;
    const n = text.length;
    const d = this.delimiterCode;
    const header = this.width < 0;
    let i = this.pos;
    let line = this.line;
    // Skip blank lines.
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === LF) {
        i++;
        line++;
      } else if (c === CR) {
        if (i + 1 < n) i += text.charCodeAt(i + 1) === LF ? 2 : 1;
        else if (final) i++;
        else break;
        line++;
      } else break;
    }
    this.pos = i;
    this.line = line;
    if (i >= n) return final ? END : INCOMPLETE;
    const startLine = line;
    let count = 0;
    for (;;) {
      let value: string | null;
      let q = i;
      while (q < n && text.charCodeAt(q) === SPACE && d !== SPACE) q++;
      if (q < n && text.charCodeAt(q) === QUOTE) {
        const open = q + 1;
        let close = open;
        let escaped = false;
        for (;;) {
          const k = text.indexOf('"', close);
          if (k === -1 || (k + 1 >= n && !final)) {
            if (!final) return this.unstore(count);
            throw dataError("a quoted value starting on this line is never closed; check for a stray '\"'", { file: this.path, line });
          }
          if (text.charCodeAt(k + 1) === QUOTE) {
            escaped = true;
            close = k + 2;
            continue;
          }
          close = k;
          break;
        }
        let quoted = text.slice(open, close);
        line += countLineBreaks(quoted);
        if (escaped) quoted = quoted.replaceAll('""', '"');
        value = header ? quoted.trim() || null : cellValue(quoted, 0, quoted.length, this.isMissing);
        i = close + 1;
        while (i < n && text.charCodeAt(i) === SPACE && d !== SPACE) i++;
        if (i >= n && !final) return this.unstore(count);
        if (i < n) {
          const c = text.charCodeAt(i);
          if (c !== d && c !== LF && c !== CR) {
            throw dataError(`unexpected text after the closing quote of a value; a quote inside a quoted value must be doubled ("")`, { file: this.path, line });
          }
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === d || c === LF || c === CR) break;
          j++;
        }
        if (j >= n && !final) return this.unstore(count);
        value = header ? text.slice(i, j).trim() || null : cellValue(text, i, j, this.isMissing);
        i = j;
      }
      this.store(count, value);
      count++;
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === d) {
        i++;
        continue;
      }
      if (c === CR) {
        if (i + 1 < n) i += text.charCodeAt(i + 1) === LF ? 2 : 1;
        else if (final) i++;
        else return this.unstore(count);
      } else i++;
      line++;
      break;
    }
    this.recordStart = this.pos;
    this.recordLine = startLine;
    this.pos = i;
    this.line = line;
    return count;
  }
}

/** Line breaks inside a quoted value (CRLF counts once), to keep physical line numbers right. */
function countLineBreaks(value: string): number {
  let breaks = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === LF) breaks++;
    else if (c === CR && value.charCodeAt(i + 1) !== LF) breaks++;
  }
  return breaks;
}
