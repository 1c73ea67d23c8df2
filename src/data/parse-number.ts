/**
 * The one definition of "this cell is a number", shared by inference and toFrame so they
 * never disagree: a finite decimal with optional sign, fraction and exponent. Number()
 * alone would also take "0x1F", "Infinity" and "1e400"; thousands separators ("1,234")
 * are refused, as they are ambiguous with decimal commas.
 */

/** The value of `text` (already trimmed), or NaN when it is not a plain finite decimal. */
export function parseNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value)) return NaN;
  // Number() also accepts hex/octal/binary prefixes; a decimal never has a letter second.
  if (text.length > 1 && text.charCodeAt(0) === 48) {
    const second = text.charCodeAt(1) | 0x20;
    if (second === 0x78 || second === 0x6f || second === 0x62) return NaN; // x, o, b
  }
  return value;
}
