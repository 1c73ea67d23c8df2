import { DecisionTreeLearner, decisionTreeFromJSON } from "../../../src/models/tree/decision-tree.js";
import { runConformance } from "../conformance.js";

runConformance({
  name: "decision tree",
  style: "tree",
  newLearner: (seed) => new DecisionTreeLearner({ seed, minLeafRows: 5, minSplitRows: 10 }),
  fromJSON: decisionTreeFromJSON,
  featureOrder: "exact",
});

runConformance({
  name: "decision tree (entropy, pruned)",
  style: "tree",
  newLearner: (seed) => new DecisionTreeLearner({ seed, entropy: true, ccpAlpha: 0.002, maxDepth: 0 }),
  fromJSON: decisionTreeFromJSON,
  featureOrder: "exact",
});
