export declare const TOTAL_WEIGHT: number;
/** The integer weights flagd's `fractional` gets for a percent: [on, off]. */
export declare function splitWeights(percent: number): [on: number, off: number];
/** flagd's bucket, 0 … TOTAL_WEIGHT-1, of a targeting key for a flag. */
export declare function bucketOf(flagKey: string, targetingKey: string): number;
/** Whether the key falls in the first `percent`% of the flag's buckets. */
export declare function inShare(flagKey: string, targetingKey: string, percent: number): boolean;
