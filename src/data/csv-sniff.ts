/**
 * Guesses a CSV file's delimiter from its first records: the candidate whose records
 * agree best with the header's field count, needing at least two fields.
 */

export const DELIMITER_CANDIDATES: readonly string[] = [",", ";", "\t", "|"];

const SAMPLE_RECORDS = 50;
const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;

/**
 * Field counts of the first records of `sample` split by `delimiter`, honouring quotes the
 * way the reader does (a quote opens a quoted value only at the start of a field). The last
 * record is dropped unless `complete`, as the sample may cut it.
 */
export function sampleFieldCounts(sample: string, delimiter: string, complete: boolean): number[] {
  const d = delimiter.charCodeAt(0);
  const counts: number[] = [];
  let fields = 1;
  let inQuotes = false;
  let atFieldStart = true;
  let hasContent = false;
  for (let i = 0; i < sample.length && counts.length < SAMPLE_RECORDS; i++) {
    const c = sample.charCodeAt(i);
    if (inQuotes) {
      if (c === QUOTE) {
        if (sample.charCodeAt(i + 1) === QUOTE) i++;
        else inQuotes = false;
      }
      continue;
    }
    if (c === d) {
      fields++;
      atFieldStart = true;
      hasContent = true;
    } else if (c === LF || c === CR) {
      if (c === CR && sample.charCodeAt(i + 1) === LF) i++;
      if (hasContent) counts.push(fields);
      fields = 1;
      atFieldStart = true;
      hasContent = false;
    } else if (c === QUOTE && atFieldStart) {
      inQuotes = true;
      hasContent = true;
    } else if (c !== SPACE || !atFieldStart) {
      atFieldStart = false;
      hasContent = true;
    }
  }
  if (complete && hasContent && !inQuotes && counts.length < SAMPLE_RECORDS) counts.push(fields);
  return counts;
}

/** The best delimiter for `sample` (`,` when no candidate splits the header into two or more fields). */
export function sniffDelimiter(sample: string, complete: boolean): string {
  let best = ",";
  let bestAgreement = -1;
  let bestFields = 0;
  for (const candidate of DELIMITER_CANDIDATES) {
    const counts = sampleFieldCounts(sample, candidate, complete);
    const headerFields = counts[0] ?? 0;
    if (headerFields < 2) continue;
    let agreeing = 0;
    for (const count of counts) if (count === headerFields) agreeing++;
    const agreement = agreeing / counts.length;
    // Agreement first; among equally consistent candidates the one splitting into more fields.
    if (agreement > bestAgreement || (agreement === bestAgreement && headerFields > bestFields)) {
      best = candidate;
      bestAgreement = agreement;
      bestFields = headerFields;
    }
  }
  return best;
}
