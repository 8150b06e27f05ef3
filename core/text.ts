// Small text helpers shared across the core (and metrics/): one definition each.

/** Any run of white space, line breaks included, as one space: for reasons and error details. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
