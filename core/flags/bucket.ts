// flagd's `fractional` split, for a two-way on/off flag. flagd hashes the bucketing value (by
// default the flag key followed by the targeting key) with murmur3 and maps the unsigned hash
// h to bucket = floor(h × total / 2^32), then walks the variants in order, each taking as many
// buckets as its integer weight. stagegate writes the percent as integer weights out of
// TOTAL_WEIGHT ("on" first), so the on share is the lowest `percent`% of the hash range and
// raising the percent only ever adds users.
import { murmur3 } from "./murmur3.js";

/** Weights are integers: a percent counts to 1/10,000 of a percent (0.5, 99.9, 33.3333). */
const WEIGHT_PER_PERCENT = 10_000;
export const TOTAL_WEIGHT = 100 * WEIGHT_PER_PERCENT;

/** The integer weights flagd's `fractional` gets for a percent: [on, off]. */
export function splitWeights(percent: number): [on: number, off: number] {
  const on = Math.min(TOTAL_WEIGHT, Math.max(0, Math.round(percent * WEIGHT_PER_PERCENT)));
  return [on, TOTAL_WEIGHT - on];
}

/** flagd's bucket, 0 … TOTAL_WEIGHT-1, of a targeting key for a flag. */
export function bucketOf(flagKey: string, targetingKey: string): number {
  // h × 10^6 < 2^53, so the product and the division by 2^32 are exact in a double.
  return Math.floor((murmur3(flagKey + targetingKey) * TOTAL_WEIGHT) / 4294967296);
}

/** Whether the key falls in the first `percent`% of the flag's buckets. */
export function inShare(flagKey: string, targetingKey: string, percent: number): boolean {
  return bucketOf(flagKey, targetingKey) < splitWeights(percent)[0];
}
