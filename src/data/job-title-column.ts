/**
 * Which columns hold job titles: the name says so and the values are many and wordy. Such a
 * column is read as text (not categorical), so that a title never seen in training still
 * reaches the model through its words, seniority and function (features/job-title.ts).
 */

/** Column names that may hold job titles. */
export const JOB_TITLE_COLUMN = /title|job|position|role/i;

/** Fewer distinct values than this are a handful of categories (bank marketing's `job`), not free-form titles. */
export const JOB_TITLE_MIN_LEVELS = 20;

/** Whether a column named `name` that would be categorical, with these present values, holds job titles. */
export function holdsJobTitles(name: string, present: readonly string[]): boolean {
  if (!JOB_TITLE_COLUMN.test(name)) return false;
  const distinct = new Set(present);
  if (distinct.size < JOB_TITLE_MIN_LEVELS) return false;
  let wordy = 0;
  for (const value of distinct) if (/\p{L}/u.test(value)) wordy++;
  return wordy >= 0.5 * distinct.size;
}
