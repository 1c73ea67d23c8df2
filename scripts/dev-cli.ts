// Runs the CLI straight from src/ (no build step), for development: node --import tsx scripts/dev-cli.ts <command> …
import { main } from "../src/cli/main.js";

process.exitCode = await main(process.argv);
