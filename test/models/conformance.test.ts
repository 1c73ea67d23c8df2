// The shared scorer checks (conformance.ts) for the models that predate the suite; the newer
// models call it from their own test files.
import { GbdtLearner, gbdtFromJSON } from "../../src/models/gbdt/index.js";
import { LogisticLearner, logisticFromJSON } from "../../src/models/logistic.js";
import { runConformance } from "./conformance.js";

runConformance({
  name: "logistic regression",
  style: "linear",
  newLearner: () => new LogisticLearner(),
  fromJSON: logisticFromJSON,
  featureOrder: { tolerance: 1e-6 },
});

runConformance({
  name: "gradient boosting",
  style: "tree",
  newLearner: (seed) => new GbdtLearner({ seed, trees: 30 }),
  fromJSON: gbdtFromJSON,
  // not order-invariant today: with the features reversed, raw outputs on this data moved by
  // up to 0.04 (presumably equally good splits resolved by feature position; to look into)
  featureOrder: "none",
});
