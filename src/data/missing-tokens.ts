/**
 * Which cell values mean "missing". The match is exact (case-sensitive) on the trimmed
 * value: we list the spellings tools actually write (R's NA, pandas' NaN/nan, SQL's
 * NULL/null, Excel's #N/A, UCI's ?) instead of lowercasing everything, so a real
 * category such as "Na" (sodium) or "Null Island" is left alone.
 */
export const DEFAULT_NA_TOKENS: readonly string[] = ["NA", "na", "N/A", "n/a", "NaN", "nan", "null", "NULL", "?", "#N/A"];

/** Tests a trimmed cell: true when it is empty or a missing token. */
export type MissingTest = (trimmed: string) => boolean;

export function missingTest(extra: readonly string[] = []): MissingTest {
  const tokens = new Set<string>(DEFAULT_NA_TOKENS);
  for (const token of extra) tokens.add(token.trim());
  let longest = 0;
  for (const token of tokens) longest = Math.max(longest, token.length);
  // The length guard skips the hash lookup for almost every real value.
  return (trimmed) => trimmed.length === 0 || (trimmed.length <= longest && tokens.has(trimmed));
}

/** True for the whitespace trimmed around values (space, tab, no-break space, BOM). */
export function isTrimmedSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 160 || code === 0xfeff || code === 11 || code === 12;
}

/** `text.slice(start, end)` without surrounding whitespace, or null when missing. */
export function cellValue(text: string, start: number, end: number, isMissing: MissingTest): string | null {
  while (start < end && isTrimmedSpace(text.charCodeAt(start))) start++;
  while (end > start && isTrimmedSpace(text.charCodeAt(end - 1))) end--;
  if (start === end) return null;
  const value = text.slice(start, end);
  return isMissing(value) ? null : value;
}
