import { describe, expect, it } from "vitest";
import { formatPath, loadYaml, objectSource, sortProblems, type YamlSource } from "../../core/yaml-source.js";

function source(lines: string[]): YamlSource {
  const result = loadYaml(lines.join("\n") + "\n", "f.yml", "empty");
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

const where = (p: { line: number; col: number }) => `${p.line}:${p.col}`;

describe("positions of problems", () => {
  const doc = source([
    "# a comment first",
    "stages:",
    "  - name: a",
    "    bake:",
    "    exit: [{ id: x }]",
    "rollback:",
    "  to: 0",
  ]);

  it("point at values, at keys, and at the key that opens a mapping missing a key", () => {
    expect(where(doc.problem(["stages", 0, "name"], "m"))).toBe("3:11");
    expect(where(doc.problem(["stages", 0, "name"], "m", "key"))).toBe("3:5");
    expect(where(doc.problem(["rollback", "when"], "m", "container"))).toBe("6:1");
    expect(where(doc.problem(["stages", 0, "exit", 0, "title"], "m", "container"))).toBe("5:12");
  });

  it("point at the key of a blank value, which has no position of its own", () => {
    expect(where(doc.problem(["stages", 0, "bake"], "m"))).toBe("4:5");
  });

  it("point at the first key of the document for the document itself", () => {
    expect(where(doc.problem(["x"], "m", "container"))).toBe("2:1");
    expect(doc.problem(["x"], "missing", "container").message).toBe("missing");
  });

  it("fall back to the deepest part written when the path leaves the document", () => {
    expect(where(doc.problem(["stages", 5, "name"], "m"))).toBe("3:3");
    expect(where(doc.problem(["stages", "x"], "m"))).toBe("3:3");
    expect(doc.has(["stages", 0, "exit", 0, "id"])).toBe(true);
    expect(doc.has(["stages", 0, "exit", 1])).toBe(false);
  });

  it("name the field in the message", () => {
    expect(doc.problem(["stages", 0, "bake"], "bad").message).toBe("stages[0].bake: bad");
    expect(doc.problem(["stages", 0, "colour"], "unknown", "key").message).toBe("stages[0]: unknown");
  });

  it("follow aliases to where they are defined", () => {
    const aliased = source(["base: &b { x: 1 }", "use: *b"]);
    expect(where(aliased.problem(["use", "x"], "m"))).toBe("1:15");
    expect(aliased.data).toEqual({ base: { x: 1 }, use: { x: 1 } });
  });

  it("are 1:1 for data that never was text", () => {
    const data = objectSource({ a: [{ b: 1 }] }, "obj");
    expect(data.problem(["a", 0, "b"], "m")).toEqual({ file: "obj", line: 1, col: 1, message: "a[0].b: m" });
    expect(data.has(["a", 0, "b"])).toBe(true);
  });
});

describe("loading", () => {
  it("reports an empty document at 1:1 with the given message", () => {
    expect(loadYaml("", "f.yml", "nothing here")).toEqual({ ok: false, problems: [{ file: "f.yml", line: 1, col: 1, message: "nothing here" }] });
    expect(loadYaml("~\n", "f.yml", "nothing here")).toMatchObject({ ok: false });
  });

  it("reports syntax errors where they are", () => {
    expect(loadYaml("a: 1\n\tb: 2\n", "f.yml", "")).toMatchObject({ ok: false, problems: [{ line: 2, col: 1 }] });
  });
});

describe("formatPath", () => {
  it("writes the path as people would", () => {
    expect(formatPath(["stages", 2, "exit", 0, "role"])).toBe("stages[2].exit[0].role");
    expect(formatPath(["roles", "QA Lead"])).toBe('roles."QA Lead"');
    expect(formatPath([0])).toBe("[0]");
  });
});

describe("sortProblems", () => {
  it("orders by position and drops exact repeats", () => {
    const p = (line: number, col: number, message = "m") => ({ file: "f", line, col, message });
    expect(sortProblems([p(3, 1), p(1, 5), p(1, 2), p(1, 5), p(1, 5, "other")])).toEqual([p(1, 2), p(1, 5), p(1, 5, "other"), p(3, 1)]);
  });
});
