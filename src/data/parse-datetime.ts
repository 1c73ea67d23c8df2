/**
 * ISO-like dates and date-times: `YYYY-MM-DD` or `YYYY/MM/DD` (month and day may have one
 * digit), optionally followed by `T` or a space and `hh:mm[:ss[.fff]]`, optionally a zone
 * `Z`, `±hh`, `±hhmm` or `±hh:mm`. Without a zone the time is read as UTC, so the same file
 * gives the same numbers on every machine.
 */

const PATTERN = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Milliseconds since 1970-01-01 UTC, or NaN when `text` is not such a date or is impossible (2023-02-30). */
export function parseDateTime(text: string): number {
  const m = PATTERN.exec(text);
  if (m === null) return NaN;
  const year = Number(m[1]);
  const month = Number(m[3]);
  const day = Number(m[4]);
  const hour = m[5] === undefined ? 0 : Number(m[5]);
  const minute = m[6] === undefined ? 0 : Number(m[6]);
  const second = m[7] === undefined ? 0 : Number(m[7]);
  const millis = m[8] === undefined ? 0 : Math.floor(Number(`0.${m[8]}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return NaN;
  let time = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC maps years 0-99 to 1900-1999; set the year again to keep what was written.
  if (year < 100) time = new Date(time).setUTCFullYear(year);
  const zone = m[9];
  if (zone !== undefined && zone !== "Z" && zone !== "z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + (digits.length > 2 ? Number(digits.slice(2)) : 0);
    time -= sign * offsetMinutes * 60_000;
  }
  return time;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
