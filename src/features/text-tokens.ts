/**
 * Words and word pairs of free text, the same on every machine: NFKC-normalised, lower-cased
 * (locale-independent), split into runs of Unicode letters, marks and digits (everything
 * else, punctuation included, separates words; apostrophes inside a word are dropped, so
 * "don't" is "dont"), common English stop words removed, then each word and each pair of
 * neighbouring words ("budget approved"). Negations ("no", "not") are kept: "no budget"
 * must not read like "budget".
 */

export const STOP_WORDS: ReadonlySet<string> = new Set([
  "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "before", "being",
  "but", "by", "can", "could", "did", "do", "does", "doing", "for", "from", "had", "has", "have", "having", "he",
  "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "me", "my", "of",
  "on", "or", "our", "ours", "she", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
  "these", "they", "this", "those", "to", "too", "us", "very", "was", "we", "were", "what", "when", "where", "which",
  "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours",
]);

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const INNER_APOSTROPHE = /(?<=[\p{L}\p{N}])['’](?=[\p{L}\p{N}])/gu;

/** The words of `text` in reading order, lower-cased, stop words removed. */
export function words(text: string): string[] {
  const normalised = text.normalize("NFKC").toLowerCase().replace(INNER_APOSTROPHE, "");
  const out: string[] = [];
  for (const match of normalised.matchAll(WORD)) {
    const word = match[0];
    if (!STOP_WORDS.has(word)) out.push(word);
  }
  return out;
}

/** Every word, then every pair of neighbouring words joined by one space, in reading order. */
export function textTerms(text: string): string[] {
  const list = words(text);
  const terms = list.slice();
  for (let i = 1; i < list.length; i++) terms.push(`${list[i - 1] as string} ${list[i] as string}`);
  return terms;
}
