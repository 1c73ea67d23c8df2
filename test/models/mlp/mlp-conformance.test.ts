import { MlpLearner, mlpFromJSON } from "../../../src/models/mlp/mlp.js";
import { runConformance } from "../conformance.js";

runConformance({
  name: "neural network",
  style: "linear",
  newLearner: (seed) => new MlpLearner({ seed, hidden: 16, layers: 2, epochs: 80 }),
  fromJSON: mlpFromJSON,
  // the initial weights are drawn in feature order: another order draws another network
  featureOrder: "none",
});

runConformance({
  name: "neural network (dropout, no early stopping)",
  style: "linear",
  newLearner: (seed) => new MlpLearner({ seed, hidden: 8, layers: 1, epochs: 30, learningRate: 0.01, dropout: 0.2, earlyStopping: false }),
  fromJSON: mlpFromJSON,
  featureOrder: "none",
});

runConformance({
  name: "neural network (embeddings)",
  style: "linear",
  newLearner: (seed) => new MlpLearner({ seed, hidden: 16, layers: 1, epochs: 60, learningRate: 0.01, embedding: 3 }),
  fromJSON: mlpFromJSON,
  featureOrder: "none",
});
