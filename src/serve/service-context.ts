/** What every route of the service shares: the store and the in-memory parts built over it. */
import type { Metrics } from "./metrics.js";
import type { ModelRegistry } from "./model-registry.js";
import type { ScoreBatcher } from "./score-batcher.js";
import type { ScoreWriter } from "./score-writer.js";
import type { ExperimentRow, Store } from "./store/store.js";
import type { WebhookSender } from "./webhook.js";

export interface ServiceContext {
  readonly store: Store;
  readonly registry: ModelRegistry;
  readonly writer: ScoreWriter;
  /** Merges the records of small score requests arriving together into one library call. */
  readonly batcher: ScoreBatcher;
  readonly metrics: Metrics;
  /** Experiments by name, read at start and kept up to date by PUT. */
  readonly experiments: Map<string, ExperimentRow>;
  readonly webhook: WebhookSender | null;
  readonly now: () => Date;
}
