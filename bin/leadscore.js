#!/usr/bin/env node
// The `leadscore` command: runs the compiled CLI (built into dist/ by `npm install`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write("leadscore: the compiled code is missing (dist/); run `npm install` or `npm run build` first.\n");
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
