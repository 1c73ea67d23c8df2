/** Turns "cannot open this file" into one clear LeadscoreError, the same for every format. */
import { stat, access, constants } from "node:fs/promises";
import { LeadscoreError } from "../core/errors.js";

/** Throws a "file" LeadscoreError unless `path` is a readable regular file. */
export async function assertReadableFile(path: string): Promise<void> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new LeadscoreError("file", `Cannot read '${path}': it is a directory, not a file.`, { file: path });
    await access(path, constants.R_OK);
  } catch (err) {
    throw fileError(path, err);
  }
}

/** Maps a Node file-system error (ENOENT, EACCES, EISDIR, …) to a plain sentence. */
export function fileError(path: string, err: unknown): LeadscoreError {
  if (err instanceof LeadscoreError) return err;
  const code = typeof err === "object" && err !== null && "code" in err ? String(err.code) : "";
  const reason =
    code === "ENOENT" ? "no such file"
    : code === "EISDIR" ? "it is a directory, not a file"
    : code === "EACCES" || code === "EPERM" ? "permission denied"
    : code === "ENOTDIR" ? "a part of the path is not a directory"
    : err instanceof Error ? err.message
    : String(err);
  return new LeadscoreError("file", `Cannot read '${path}': ${reason}.`, { file: path });
}
