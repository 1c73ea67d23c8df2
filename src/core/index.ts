export * from "./errors.js";
export * from "./frame.js";
export * from "./matrix.js";
export * from "./scorer.js";
export * from "./params.js";
export * from "./rng.js";
