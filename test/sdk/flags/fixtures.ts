import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { stringify } from "yaml";
import { inShare } from "../../../core/flags/bucket.js";

export const PLAN_PATH = ".github/rollouts/playlist-editor.yml";
export const STATE_PATH = "config/rollouts/playlist-editor.yml";
export const planText = readFileSync(resolve(import.meta.dirname, "../../../examples/playlist-editor", PLAN_PATH), "utf8");

export function stateText(over: { stage?: string; percent?: number; status?: string; "resume-to"?: string } = {}): string {
  return stringify({ rollout: "playlist-editor", stage: "ten", percent: 10, status: "progressing", entered: "2026-12-01T09:00:00Z", ...over, approvals: [], history: [] });
}

/** A key the 10% split serves, and one it does not. */
export const IN_AT_10 = Array.from({ length: 200 }, (_, i) => `user-${i}`).find((k) => inShare("playlist-editor", k, 10))!;
export const OUT_AT_25 = Array.from({ length: 200 }, (_, i) => `user-${i}`).find((k) => !inShare("playlist-editor", k, 25))!;

/** Resolves the next time `register`'s handler fires. */
export function nextEvent<T>(register: (handler: (details?: T) => void) => void): Promise<T | undefined> {
  return new Promise((resolve) => register((details) => resolve(details)));
}
