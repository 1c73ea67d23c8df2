// Child process for the SIGKILL test in store.test.ts: writes batches of outcomes to the
// store given as argument, forever, printing `ack <batch> <count>` after each batch's
// insertOutcomes resolved. The test kills it mid-stream and checks every acknowledged id.
import { openStore } from "../../src/serve/store/open-store.js";

const BATCH = 50;

async function writeForever(db: string): Promise<void> {
  const store = await openStore(db);
  for (let batch = 0; ; batch++) {
    const receivedAt = new Date().toISOString();
    const outcomes = Array.from({ length: BATCH }, (_, j) => ({ recordId: `kill-${batch}-${j}`, converted: String(j).endsWith("0"), at: receivedAt, receivedAt }));
    await store.insertOutcomes(outcomes);
    process.stdout.write(`ack kill-${batch} ${BATCH}\n`);
  }
}

const db = process.argv[2];
if (db === undefined) throw new Error("usage: outcome-writer.ts <db>");
await writeForever(db);
