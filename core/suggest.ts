// "Did you mean" for misspelt keys, names and time zones: the cheapest way to turn an error
// into a fix.

/** The candidate closest to `word` (case-insensitive edit distance), if it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | null {
  const target = word.toLowerCase();
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    // On a tie, a word that merely lost its ending ("stage") means the longer one ("stages").
    const d = distance(target, lower) - (lower.startsWith(target) || target.startsWith(lower) ? 0.5 : 0);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // Short words may be one edit off ("bak" → "bake"), longer ones a third ("eror" → "errors"),
  // so "x" never becomes "to".
  const limit = target.length <= 3 ? 1 : Math.max(2, Math.floor(target.length / 3));
  return bestDistance <= limit ? best : null;
}

/** ` (did you mean "x"?)` or nothing. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const guess = closest(word, candidates);
  return guess === null ? "" : ` (did you mean "${guess}"?)`;
}

// Two swapped neighbours count as one edit: "stagse" is one slip from "stages", not two (which
// would tie with "state" and suggest the wrong key).
function distance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}
