// The hidden marker the App finds a rollout's tracking issue by. Titles can be edited by anyone
// who can edit the issue; the marker is what stays put.

/** Text every rollout marker contains, for a cheap test before a body is parsed. */
export const ROLLOUT_MARKER_TEXT = "stagegate:rollout";

const ROLLOUT_MARKER = /^<!--[ \t]*stagegate:rollout[ \t]+(\S+)[ \t]*-->/;

/** Percent-encoded like item keys, so no plan name can close the comment. */
export function rolloutMarker(name: string): string {
  return `<!-- stagegate:rollout ${encodeURIComponent(name)} -->`;
}

/** The rollout named by an HTML node's text, or null when it is not a rollout marker. */
export function readRolloutMarker(html: string): string | null {
  const match = ROLLOUT_MARKER.exec(html);
  if (match === null) return null;
  try {
    return decodeURIComponent(match[1] as string);
  } catch {
    return null;
  }
}

const PULL_REQUEST_MARKER = /^<!--[ \t]*stagegate:pull-request[ \t]+#?(\d{1,9})[ \t]*-->/;

/** Written while the plan PR is open, so the App can find the PR that holds the sign-offs. */
export function pullRequestMarker(number: number): string {
  return `<!-- stagegate:pull-request ${number} -->`;
}

/** The plan PR named by an HTML node's text, or null when it is not a pull-request marker. */
export function readPullRequestMarker(html: string): number | null {
  const match = PULL_REQUEST_MARKER.exec(html);
  return match === null ? null : Number(match[1]);
}
