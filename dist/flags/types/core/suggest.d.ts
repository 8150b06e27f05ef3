/** The candidate closest to `word` (case-insensitive edit distance), if it is close enough to be a likely typo. */
export declare function closest(word: string, candidates: readonly string[]): string | null;
/** ` (did you mean "x"?)` or nothing. */
export declare function didYouMean(word: string, candidates: readonly string[]): string;
