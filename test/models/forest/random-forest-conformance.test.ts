import { RandomForestLearner, forestFromJSON } from "../../../src/models/forest/random-forest.js";
import { runConformance } from "../conformance.js";

runConformance({
  name: "random forest",
  style: "tree",
  newLearner: (seed) => new RandomForestLearner({ seed, trees: 25, threads: 1 }),
  fromJSON: forestFromJSON,
  // the features drawn at each split are the first ones of a seeded shuffle: another order draws others
  featureOrder: "none",
});
