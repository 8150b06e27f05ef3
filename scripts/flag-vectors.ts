// The published test vectors (docs/flags/vectors.json): for several flags, keys and percents,
// whether stagegate's split puts the key in. Another language's implementation checks itself
// against the file; test/flags/vectors.test.ts checks the file against the rule.
import { inShare } from "../core/flags/bucket.js";

export interface FlagVector {
  flag: string;
  key: string;
  percent: number;
  on: boolean;
}

export const VECTOR_FLAGS = ["playlist-editor", "checkout-v2", "search.ranking", "dark_mode"];
export const VECTOR_PERCENTS = [0, 0.5, 1, 10, 25, 50, 99.9, 100];

/** Keys as services have them: ids, emails, UUIDs, and names outside ASCII (hashed as UTF-8). */
export function vectorKeys(): string[] {
  const keys = ["0", "user-1", "alice@example.com", "Zoë", "José Ñúñez", "Ελένη", "Мария", "محمد", "דוד", "日本語のユーザー", "사용자", "😀 emoji", "a\u0301 combining", "tab\tand space"];
  for (let i = 0; keys.length < 100; i++) {
    keys.push(i % 3 === 0 ? `user-${i * 7919}` : i % 3 === 1 ? `${(i * 2654435761) % 4294967296}` : `0000${i.toString(16)}-4b1d-4c2e-9f3a-${(i * 104729).toString(16).padStart(12, "0")}`);
  }
  return keys;
}

export function flagVectors(): FlagVector[] {
  const out: FlagVector[] = [];
  for (const flag of VECTOR_FLAGS) for (const key of vectorKeys()) for (const percent of VECTOR_PERCENTS) out.push({ flag, key, percent, on: inShare(flag, key, percent) });
  return out;
}

export function vectorsFileText(): string {
  return `[\n${flagVectors().map((v) => JSON.stringify(v)).join(",\n")}\n]\n`;
}
