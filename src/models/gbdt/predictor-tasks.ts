/**
 * Worker side of the flattened predictor (predictor.ts): keeps each predictor's kernel over
 * its shared memory, and scores the rows it is given.
 */
import { type KernelRun, type WasmMemory, kernelInstance } from "./leaf-mask-kernel.js";
import { type FeatureBinning, type PredictorLayout, type PredictorMessage, scoreClaimed } from "./predictor.js";

interface Held {
  readonly run: KernelRun;
  readonly memory: WasmMemory;
  readonly layout: PredictorLayout;
  readonly binnings: readonly FeatureBinning[];
  readonly initScore: number;
  readonly claim: Int32Array;
}

const predictors = new Map<number, Held>();

export function handleMessage(payload: unknown): unknown {
  const message = payload as PredictorMessage;
  switch (message.kind) {
    case "setup":
      predictors.set(message.predictor, {
        run: kernelInstance(message.module, message.memory),
        memory: message.memory,
        layout: message.layout,
        binnings: message.binnings,
        initScore: message.initScore,
        claim: message.claim,
      });
      return null;
    case "score": {
      const p = predictors.get(message.predictor);
      if (p === undefined) throw new Error(`no predictor ${message.predictor}`);
      scoreClaimed(p.run, p.memory, p.layout, p.binnings, p.initScore, p.claim, message.thread, message.count);
      return null;
    }
    case "release":
      predictors.delete(message.predictor);
      return null;
  }
}
