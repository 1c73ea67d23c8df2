// Reads the checkable numbers out of a report page: every <data value="…" data-path="…">
// (or data-derived) element, and the helpers to compare them with report.json.
import assert from "node:assert/strict";

export interface Printed {
  readonly value: number;
  readonly path: string | undefined;
  readonly derived: string | undefined;
  readonly text: string;
}

export function printedFigures(html: string): Printed[] {
  const out: Printed[] = [];
  for (const m of html.matchAll(/<data ([^>]*)>([^<]*)<\/data>/g)) {
    const attrs = m[1] as string;
    const value = /value="([^"]*)"/.exec(attrs)?.[1];
    assert.ok(value !== undefined, `<data> without a value: ${m[0]}`);
    out.push({ value: Number(value), path: /data-path="([^"]*)"/.exec(attrs)?.[1], derived: /data-derived="([^"]*)"/.exec(attrs)?.[1], text: m[2] as string });
  }
  return out;
}

export function atPath(doc: unknown, path: string): unknown {
  let at: unknown = doc;
  for (const key of path.split(".")) {
    if (typeof at !== "object" || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** The printed text read back as a number, and half a unit of its last printed digit. */
export function readBack(text: string): { value: number; tolerance: number } {
  const percent = text.endsWith(" %");
  const body = text.replace(/ %$/, "").replace(/×$/, "").replaceAll(",", "");
  assert.match(body, /^-?\d+(\.\d+)?$/, `not a printed number: '${text}'`);
  const decimals = body.includes(".") ? (body.split(".")[1] as string).length : 0;
  const scale = percent ? 100 : 1;
  return { value: Number(body) / scale, tolerance: (0.5 * 10 ** -decimals) / scale + 1e-12 };
}

/** Every figure with a path holds exactly the number there, and is printed as it at its precision. */
export function assertFiguresMatch(figures: readonly Printed[], doc: unknown): void {
  for (const f of figures) {
    if (f.path !== undefined) {
      const expected = atPath(doc, f.path);
      assert.equal(typeof expected, "number", `report.json has no number at ${f.path}`);
      assert.equal(f.value, expected, f.path);
    }
    const printed = readBack(f.text);
    assert.ok(Math.abs(printed.value - f.value) <= printed.tolerance, `${f.path ?? f.derived}: printed '${f.text}' for ${f.value}`);
  }
}
