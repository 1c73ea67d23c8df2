/**
 * Champion/challenger experiments: which arm answers a record, and how the arms compare once
 * outcomes arrive.
 *
 * The arm is a pure function of (experiment name, record id): a hash of the two mapped to
 * [0, 1) and looked up in the cumulative weights of the answering arms. The same record
 * therefore always gets the same arm (sticky) on any replica and after a restart, as long
 * as the arms and weights stay the same. Shadow arms take no share: they score every record
 * too, and their scores are stored but never answered.
 */
import { createHash } from "node:crypto";
import { Z95 } from "../audit/normal-distribution.js";
import { chiSquareHomogeneity } from "../audit/drift-tests.js";
import { rocAuc } from "../evaluate/auc.js";
import type { ExperimentArm, ExperimentRow, ScoreWithOutcome } from "./store/store.js";

/** A number in [0, 1) fixed by the experiment and the record id (48 bits of sha256). */
export function stickyFraction(experiment: string, recordId: string): number {
  const digest = createHash("sha256").update(experiment).update("\u0000").update(recordId).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** The answering (non-shadow) arm of a record; null when no arm takes traffic. */
export function armFor(experiment: string, recordId: string, arms: readonly ExperimentArm[]): ExperimentArm | null {
  const answering = arms.filter((arm) => !arm.shadow && arm.weight > 0);
  const total = answering.reduce((sum, arm) => sum + arm.weight, 0);
  if (answering.length === 0 || !(total > 0)) return null;
  const target = stickyFraction(experiment, recordId) * total;
  let cumulative = 0;
  for (const arm of answering) {
    cumulative += arm.weight;
    if (target < cumulative) return arm;
  }
  // Rounding can leave target a hair above the last cumulative sum.
  return answering[answering.length - 1] as ExperimentArm;
}

export interface Proportion {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

/** Wilson score interval for k successes in n trials (95 % by default). */
export function wilsonInterval(k: number, n: number, z: number = Z95): Proportion {
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface ArmResult {
  readonly name: string;
  readonly model: string;
  readonly version: number | null;
  readonly weight: number;
  readonly shadow: boolean;
  /** Distinct records this arm scored. */
  readonly scored: number;
  /** Of those, how many have an outcome. */
  readonly outcomes: number;
  readonly converted: number;
  /** Conversion rate among records with an outcome, with its Wilson 95 % interval; null before any outcome. */
  readonly conversionRate: Proportion | null;
  /** AUC of the arm's probabilities against outcomes; null until both classes are present. */
  readonly auc: number | null;
}

export interface ArmTest {
  readonly name: "chi-square";
  readonly statistic: number;
  readonly degreesOfFreedom: number;
  readonly pValue: number;
}

export interface ExperimentResults {
  readonly name: string;
  readonly arms: readonly ArmResult[];
  /** Chi-square test of equal conversion rates across the answering arms; null until it is defined. */
  readonly test: ArmTest | null;
}

/**
 * Results per arm from the experiment's stored scores. A record scored several times by an
 * arm counts once, with its latest score (rows arrive oldest first or in any order: the
 * latest `scoredAt` wins).
 */
export function experimentResults(experiment: ExperimentRow, rows: readonly ScoreWithOutcome[]): ExperimentResults {
  const arms = experiment.arms.map((arm) => armResult(arm, rows.filter((row) => row.arm === arm.name && row.shadow === arm.shadow)));
  return { name: experiment.name, arms, test: conversionTest(arms.filter((arm) => !arm.shadow)) };
}

function armResult(arm: ExperimentArm, rows: readonly ScoreWithOutcome[]): ArmResult {
  const latest = new Map<string, ScoreWithOutcome>();
  for (const row of rows) {
    const seen = latest.get(row.recordId);
    if (seen === undefined || row.scoredAt >= seen.scoredAt) latest.set(row.recordId, row);
  }
  const labelled = [...latest.values()].filter((row) => row.converted !== null);
  const converted = labelled.filter((row) => row.converted === true).length;
  let auc: number | null = null;
  if (converted > 0 && converted < labelled.length) {
    const scores = Float64Array.from(labelled, (row) => row.probability);
    const y = Uint8Array.from(labelled, (row) => (row.converted === true ? 1 : 0));
    auc = rocAuc(scores, y);
  }
  return {
    name: arm.name,
    model: arm.model,
    version: arm.version,
    weight: arm.weight,
    shadow: arm.shadow,
    scored: latest.size,
    outcomes: labelled.length,
    converted,
    conversionRate: labelled.length > 0 ? wilsonInterval(converted, labelled.length) : null,
    auc,
  };
}

/**
 * 2 × k chi-square test of homogeneity (converted / not converted by arm): with two arms it
 * equals the pooled two-proportion z-test squared. Needs two arms with outcomes and both
 * classes among them.
 */
function conversionTest(arms: readonly ArmResult[]): ArmTest | null {
  const withOutcomes = arms.filter((arm) => arm.outcomes > 0);
  const converted = withOutcomes.map((arm) => arm.converted);
  const notConverted = withOutcomes.map((arm) => arm.outcomes - arm.converted);
  const anyConverted = converted.some((n) => n > 0);
  const anyNot = notConverted.some((n) => n > 0);
  if (withOutcomes.length < 2 || !anyConverted || !anyNot) return null;
  const test = chiSquareHomogeneity(converted, notConverted);
  return { name: "chi-square", statistic: test.statistic, degreesOfFreedom: test.degreesOfFreedom ?? withOutcomes.length - 1, pValue: test.pValue };
}
