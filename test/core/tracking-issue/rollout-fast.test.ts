// The webhook endpoint keys each delivery by the rollout its tracking issue names, without a
// Markdown parse when the body opens with the marker. Both ways must name the same rollout for
// every body, or deliveries of one rollout could run side by side.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rolloutMarker } from "../../../core/tracking-issue/marker.js";
import { parseTrackingIssue, trackingIssueRollout } from "../../../core/tracking-issue/parse.js";
import { renderTrackingIssue } from "../../../core/tracking-issue/render.js";
import { viewAtQuarter as view } from "./fixtures.js";

const same = (body: string) => expect(trackingIssueRollout(body), body).toBe(parseTrackingIssue(body).rollout);

describe("trackingIssueRollout", () => {
  it("names the rollout of an issue the App rendered", () => {
    const body = renderTrackingIssue(view());
    expect(trackingIssueRollout(body)).toBe(view().plan.name);
    same(body);
  });

  it("agrees with the full parse where the first line is not the whole story", () => {
    const cases = [
      "",
      "no marker here",
      `${rolloutMarker("a")}\n${rolloutMarker("b")}`,
      `<!-- note -->\n${rolloutMarker("second")}`,
      "<!--stagegate:rollout tight-->",
      "<!-- stagegate:rollout %E0%A4%A -->\n<!-- stagegate:rollout fallback -->",
      "<!-- stagegate:rollout\nsplit -->\n",
      "```\n<!-- stagegate:rollout fenced -->\n```",
      "    <!-- stagegate:rollout indented -->",
      ` ${rolloutMarker("spaced")}`,
      `${rolloutMarker("costly")}\n\n${"> ".repeat(150)}deep`,
      `${rolloutMarker("stars")}\n${"*a".repeat(2_100)}`,
    ];
    for (const body of cases) same(body);
  });

  it("agrees with the full parse on generated bodies", () => {
    const piece = fc.oneof(
      fc.constantFrom("<!--", "-->", " ", "\t", "\n", "\r\n", "```", "    ", "> ", "- [ ] ", "`", "stagegate:rollout", "<!-- stagegate:rollout x -->", "*"),
      fc.string({ maxLength: 6 }),
      fc.stringMatching(/^[a-z0-9%-]{1,8}$/).map((name) => `<!-- stagegate:rollout ${name} -->`),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        same(pieces.join(""));
      }),
      { numRuns: 3_000 },
    );
  });
});
