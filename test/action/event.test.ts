import { describe, expect, it } from "vitest";
import { isPush, readRunContext } from "../../action/event.js";

const base = { GITHUB_REPOSITORY: "acme/player", GITHUB_API_URL: "http://127.0.0.1:9999/" };

describe("readRunContext", () => {
  it("collects every path added or modified by the commits of a push", () => {
    const payload = {
      ref: "refs/heads/main",
      after: "abc123",
      repository: { default_branch: "main" },
      commits: [
        { added: [".github/rollouts/playlist-editor.yml"], modified: ["README.md"], removed: [".github/rollouts/old.yml"] },
        { added: [], modified: [".github/stagegate.yml"] },
      ],
      head_commit: { added: [], modified: [".github/stagegate.yml"] },
    };
    const result = readRunContext({ ...base, GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: "/event.json" }, () => JSON.stringify(payload));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.context.apiUrl).toBe("http://127.0.0.1:9999");
    expect(result.context.repo).toEqual({ owner: "acme", repo: "player" });
    expect(isPush(result.context.event)).toBe(true);
    expect(result.context.event).toEqual({
      name: "push",
      ref: "refs/heads/main",
      after: "abc123",
      defaultBranch: "main",
      changedPaths: [".github/rollouts/playlist-editor.yml", ".github/stagegate.yml", "README.md"],
    });
  });

  it("treats schedule and workflow_dispatch as a tick without reading a payload", () => {
    const result = readRunContext({ ...base, GITHUB_EVENT_NAME: "schedule" }, () => {
      throw new Error("must not read");
    });
    expect(result.ok && result.context.event).toEqual({ name: "schedule" });
  });

  it("knows the default branch without asking on a schedule (it runs there) and on a push (its payload says)", () => {
    const scheduled = readRunContext({ ...base, GITHUB_EVENT_NAME: "schedule", GITHUB_REF: "refs/heads/trunk" });
    expect(scheduled.ok && scheduled.context.defaultBranch).toBe("trunk");
    const dispatched = readRunContext({ ...base, GITHUB_EVENT_NAME: "workflow_dispatch", GITHUB_REF: "refs/heads/feature" });
    expect(dispatched.ok && dispatched.context.defaultBranch).toBeNull();
    const pushed = readRunContext({ ...base, GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: "/e.json" }, () => JSON.stringify({ ref: "refs/heads/x", repository: { default_branch: "main" } }));
    expect(pushed.ok && pushed.context.defaultBranch).toBe("main");
  });

  it("explains what is wrong outside a runner", () => {
    expect(readRunContext({})).toEqual({ ok: false, message: expect.stringMatching(/GITHUB_REPOSITORY is "": expected owner\/name/) });
    const unreadable = readRunContext({ ...base, GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: "/nope" }, () => "{");
    expect(unreadable.ok).toBe(false);
  });

  it("reads a push whose payload leaves things out from the runner's own variables", () => {
    const env = { GITHUB_REPOSITORY: "acme/player", GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: "/event.json", GITHUB_REF: "refs/heads/main", GITHUB_SHA: "def456" };
    const result = readRunContext(env, () => JSON.stringify({ repository: { default_branch: 7 }, commits: [{ added: "not-a-list", modified: [3, "a.yml"] }], head_commit: null }));
    expect(result).toEqual({
      ok: true,
      context: {
        defaultBranch: null,
        event: { name: "push", ref: "refs/heads/main", after: "def456", defaultBranch: null, changedPaths: ["a.yml"] },
        repo: { owner: "acme", repo: "player" },
        apiUrl: "https://api.github.com",
      },
    });
  });

  it("says so when the push event cannot be read", () => {
    const result = readRunContext({ ...base, GITHUB_EVENT_NAME: "push" }, () => {
      throw new Error("ENOENT: no such file");
    });
    expect(result).toEqual({ ok: false, message: "cannot read the push event at GITHUB_EVENT_PATH (ENOENT: no such file)." });
  });

  it("runs as a manual tick when the event is not named, and asks for the default branch off a branch", () => {
    const manual = readRunContext({ GITHUB_REPOSITORY: "acme/player" });
    expect(manual.ok && manual.context.event).toEqual({ name: "workflow_dispatch" });
    const tagged = readRunContext({ ...base, GITHUB_EVENT_NAME: "schedule", GITHUB_REF: "refs/tags/v1" });
    expect(tagged.ok && tagged.context.defaultBranch).toBeNull();
  });
});
