import { describe, expect, it } from "vitest";
import { readRolloutMarker, rolloutMarker } from "../../../core/tracking-issue/marker.js";
import { mayBeTrackingIssue, parseTrackingIssue } from "../../../core/tracking-issue/parse.js";
import { renderTrackingIssue } from "../../../core/tracking-issue/render.js";
import { viewAtQuarter as view } from "./fixtures.js";

describe("parseTrackingIssue", () => {
  it("names the rollout from the hidden marker, wherever the issue was edited", () => {
    expect(parseTrackingIssue("Some text added above\n\n<!-- stagegate:rollout playlist-editor -->\n## Rollout").rollout).toBe("playlist-editor");
    expect(parseTrackingIssue("Inline <!--stagegate:rollout a--> marker").rollout).toBe("a");
  });

  it("ignores markers inside code and takes the first real one", () => {
    const body = "```\n<!-- stagegate:rollout fake -->\n```\n\n`<!-- stagegate:rollout inline -->`\n\n<!-- stagegate:rollout real -->\n<!-- stagegate:rollout second -->\n";
    expect(parseTrackingIssue(body).rollout).toBe("real");
  });

  it("returns null without a marker, e.g. for an issue stagegate did not write", () => {
    expect(parseTrackingIssue("## Rollout: playlist-editor\n<!-- a comment -->\n- [ ] task").rollout).toBeNull();
    expect(parseTrackingIssue("").rollout).toBeNull();
  });

  it("returns the task items with their keys", () => {
    const { items } = parseTrackingIssue(`${rolloutMarker("x")}\n- [X] a <!-- stagegate:item signoff/a -->\n- [ ] plain\n`);
    expect(items.map((i) => [i.key, i.checked])).toEqual([
      ["signoff/a", true],
      [null, false],
    ]);
  });
});

describe("rollout marker", () => {
  it("round-trips any plan name without letting it close the comment", () => {
    for (const name of ["playlist-editor", "a b", "x-->y", "ünï", "100%"]) {
      const marker = rolloutMarker(name);
      expect(marker.indexOf("-->")).toBe(marker.length - 3);
      expect(readRolloutMarker(marker)).toBe(name);
    }
  });

  it("reads nothing from other comments or broken encodings", () => {
    expect(readRolloutMarker("<!-- stagegate:item signoff/a -->")).toBeNull();
    expect(readRolloutMarker("<!-- stagegate:rollout %E0%A4%A -->")).toBeNull();
  });
});

describe("the plan pull request", () => {
  it("is read from its hidden marker, not from the visible header text", () => {
    expect(parseTrackingIssue("<!-- stagegate:rollout a -->\n<!-- stagegate:pull-request 12 -->\nPlan PR: #99\n").pullRequest).toBe(12);
    expect(parseTrackingIssue("<!-- stagegate:rollout a -->\nPlan PR: #99\n").pullRequest).toBeNull();
  });

  it("ignores markers inside code", () => {
    expect(parseTrackingIssue("```\n<!-- stagegate:pull-request 5 -->\n```\n").pullRequest).toBeNull();
  });

  it("round-trips through the renderer while the plan PR is open", () => {
    const body = renderTrackingIssue({ ...view(), pullRequest: 42 });
    expect(parseTrackingIssue(body)).toMatchObject({ rollout: "playlist-editor", pullRequest: 42 });
    expect(parseTrackingIssue(renderTrackingIssue(view())).pullRequest).toBeNull();
  });
});

describe("mayBeTrackingIssue", () => {
  it("passes every tracking issue, and no body without the marker's text, unparsed", () => {
    expect(mayBeTrackingIssue(renderTrackingIssue(view()))).toBe(true);
    expect(mayBeTrackingIssue(`\`${rolloutMarker("r")}\``)).toBe(true);
    expect(mayBeTrackingIssue("- [x] a bug's steps to reproduce")).toBe(false);
  });
});
