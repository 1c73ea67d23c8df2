// The real public datasets of ../shared/datasets (beside the project root, in CI too).
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

export const DATASETS = resolve(import.meta.dirname, "..", "..", "..", "shared", "datasets");

export function dataset(relative: string): string {
  const path = join(DATASETS, relative);
  if (!existsSync(path)) throw new Error(`Dataset not found: ${path} (the shared datasets sit beside the project root)`);
  return path;
}
