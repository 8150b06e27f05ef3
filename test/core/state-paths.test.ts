import { describe, expect, it } from "vitest";
import { forbiddenStatePath, sharedStateFiles, stateProblem } from "../../core/state-paths.js";

describe("forbiddenStatePath", () => {
  it.each([".github/stagegate.yml", ".github/workflows/ci.yml", ".github/actions/x/state.yml", "tools/action.yaml", "docs/CODEOWNERS"])("refuses %s", (path) => {
    expect(forbiddenStatePath(path)).not.toBeNull();
  });

  it("allows state files, and refuses the settings path the Action was given", () => {
    expect(forbiddenStatePath(".github/rollouts/state/editor.yml")).toBeNull();
    expect(forbiddenStatePath("deploy/state/editor.yml")).toBeNull();
    expect(forbiddenStatePath("config/stagegate.yml", "config/stagegate.yml")).not.toBeNull();
  });
});

describe("sharedStateFiles", () => {
  it("refuses both plans naming one file, and a plan taking another's default", () => {
    const shared = sharedStateFiles([
      { name: "a", planPath: ".github/rollouts/a.yml", statePath: "s/x.yml" },
      { name: "b", planPath: ".github/rollouts/b.yml", statePath: "s/x.yml" },
      { name: "c", planPath: ".github/rollouts/c.yml", statePath: ".github/rollouts/state/d.yml" },
      { name: "d", planPath: ".github/rollouts/d.yml", statePath: "elsewhere/d.yml" },
      { name: "e", planPath: ".github/rollouts/e.yml", statePath: ".github/rollouts/state/e.yml" },
    ]);
    expect([...shared.keys()].sort()).toEqual([".github/rollouts/a.yml", ".github/rollouts/b.yml", ".github/rollouts/c.yml", ".github/rollouts/d.yml"]);
  });
});

describe("stateProblem", () => {
  it("points at the state: value wherever the plan writes it", () => {
    expect(stateProblem("description: X\n\nstate:   deploy/x.yml\n", "p.yml", "taken")).toEqual({ file: "p.yml", line: 3, col: 10, message: "state: taken" });
    expect(stateProblem('{ description: X, "state": deploy/x.yml }', "p.yml", "taken")).toMatchObject({ line: 1, col: 28 });
  });

  it("points at the first line when the plan uses the default or cannot be read", () => {
    expect(stateProblem("description: X\n", "p.yml", "taken")).toEqual({ file: "p.yml", line: 1, col: 1, message: "state: taken" });
    expect(stateProblem("state: [unclosed\n", "p.yml", "taken")).toMatchObject({ line: 1, col: 1 });
    expect(stateProblem(null, "p.yml", "taken")).toMatchObject({ line: 1, col: 1 });
  });
});
