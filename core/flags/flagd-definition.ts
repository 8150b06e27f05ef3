// The flagd projection: a flag-definition file (https://flagd.dev/schema/v0/flags.json) that
// makes any flagd provider, in any language, decide exactly as evaluate.ts does. The rule maps
// one to one: the statuses that serve no one or everyone become a static default variant; the
// others become "context names an active audience, else flagd's fractional split", with the
// percent as integer weights (bucket.ts) and the flag key as the rollout name, so flagd's
// default bucketing value (flag key + targeting key) is the one stagegate hashes.
import { splitWeights } from "./bucket.js";
import { activeAudiences, DEFAULT_AUDIENCE_ATTRIBUTE, servingStatus, type FlagState } from "./evaluate.js";

const FLAGD_SCHEMA_URL = "https://flagd.dev/schema/v0/flags.json";

type JsonLogic = Record<string, unknown>;

/**
 * "The attribute is this audience, or a list holding it." `merge` turns a single value into a
 * one-item list first: jsonlogic's `in` on a string tests for a substring (`internal` would
 * match a user whose audience is `internal-qa`), and flagd-core's `some` fails on a string.
 */
function audienceCondition(attribute: string, audience: string): JsonLogic {
  return { in: [audience, { merge: [{ var: attribute }] }] };
}

/** One flag of the definition file, keyed by the rollout name. */
function flagdFlag(state: FlagState, audienceAttribute: string = DEFAULT_AUDIENCE_ATTRIBUTE): Record<string, unknown> {
  const base = {
    state: "ENABLED",
    variants: { on: true, off: false },
    metadata: { stage: state.stage, percent: state.percent, status: state.status },
  };
  const status = servingStatus(state);
  if (status === "awaiting-signoff") return { ...base, defaultVariant: "off" };
  if (status === "complete") return { ...base, defaultVariant: "on" };
  const [on, off] = splitWeights(state.percent);
  // Without a targeting key flagd's fractional answers null, so the default variant (off) is
  // served: never a random bucket.
  const split = { fractional: [["on", on], ["off", off]] };
  const audiences = activeAudiences(state);
  const targeting = audiences.length === 0 ? split : { if: [{ or: audiences.map((a) => audienceCondition(audienceAttribute, a)) }, "on", split] };
  return { ...base, defaultVariant: "off", targeting };
}

/** The whole file for one rollout, as the Action commits it (2-space JSON, trailing newline). */
export function flagdDefinition(state: FlagState, audienceAttribute: string = DEFAULT_AUDIENCE_ATTRIBUTE): string {
  const file = {
    $schema: FLAGD_SCHEMA_URL,
    metadata: { flagSetId: state.rollout, managedBy: "stagegate" },
    flags: { [state.rollout]: flagdFlag(state, audienceAttribute) },
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}
