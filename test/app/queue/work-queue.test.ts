// How often a failing delivery is tried, as an operator sets it in the App's environment.
import { describe, expect, it } from "vitest";
import { retryPolicyFrom } from "../../../app/queue/work-queue.js";

describe("the retry policy", () => {
  it("is five tries, the second after 2 s, unless the environment says otherwise", () => {
    expect(retryPolicyFrom({})).toEqual({ attempts: 5, backoffMs: 2_000 });
    expect(retryPolicyFrom({ STAGEGATE_QUEUE_ATTEMPTS: "1", STAGEGATE_QUEUE_BACKOFF_MS: "0" })).toEqual({ attempts: 1, backoffMs: 0 });
  });

  it("keeps its defaults for values that make no sense", () => {
    expect(retryPolicyFrom({ STAGEGATE_QUEUE_ATTEMPTS: "0", STAGEGATE_QUEUE_BACKOFF_MS: "-1" })).toEqual({ attempts: 5, backoffMs: 2_000 });
    expect(retryPolicyFrom({ STAGEGATE_QUEUE_ATTEMPTS: "2.5", STAGEGATE_QUEUE_BACKOFF_MS: "soon" })).toEqual({ attempts: 5, backoffMs: 2_000 });
  });
});
