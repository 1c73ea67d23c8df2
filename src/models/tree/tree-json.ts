/**
 * Reading the stored form of tree models: the gradient-boosting Tree's JSON checked by
 * treeFromJSON, with the loading model's name in the error.
 */
import { LeadscoreError } from "../../core/errors.js";
import { type Tree, treeFromJSON } from "../gbdt/tree.js";

/** treeFromJSON, its error worded for `model` ("decision-tree", "random-forest", …). */
export function parseTree(json: unknown, features: number, model: string, where: string): Tree {
  try {
    return treeFromJSON(json, features, where);
  } catch (error) {
    if (!(error instanceof LeadscoreError)) throw error;
    throw new LeadscoreError("model", error.message.replace(/^Invalid [a-z-]+ model:/, `Invalid ${model} model:`));
  }
}
