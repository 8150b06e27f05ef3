// The fast way in (js-yaml, plain data) and the position-keeping way (the yaml library's
// Document) must read every valid file to the same value: otherwise a file would mean one thing
// when valid and another when a problem sends it down the other path.
import fc from "fast-check";
import { parseDocument, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { parsePlan } from "../../core/parse-plan.js";
import { parseSettings } from "../../core/parse-settings.js";
import { parseState } from "../../core/state/parse-state.js";
import { fastYamlData } from "../../core/yaml-fast.js";
import { yamlText } from "../../core/yaml-source.js";
import { corpusFiles } from "../corpus/corpus.js";

const FOLDERS = ["plans", "plans-valid", "settings", "settings-valid", "state", "state-valid"];
const texts = FOLDERS.flatMap((folder) => corpusFiles(folder).map((f) => ({ name: `${folder}/${f.name}`, text: f.text })));

/** What the yaml library reads, when it reads the text without an error. */
function slowData(text: string): { data: unknown } | null {
  const doc = parseDocument(yamlText(text), { prettyErrors: false });
  if (doc.errors.length > 0) return null;
  try {
    return { data: doc.toJS({ maxAliasCount: 100 }) };
  } catch {
    return null;
  }
}

function sameReading(text: string): void {
  const fast = fastYamlData(text);
  if (fast === null) return;
  const slow = slowData(text);
  expect(slow, `js-yaml read what the yaml library refuses:\n${text}`).not.toBeNull();
  expect(fast.data).toEqual(slow?.data);
}

describe("the bad-input corpus and the valid examples", () => {
  it("read to the same value both ways, whenever js-yaml reads them at all", () => {
    for (const { text } of texts) sameReading(text);
    expect(texts.filter((t) => fastYamlData(t.text) !== null).length).toBeGreaterThan(texts.length / 2);
  });

  it("parse to the same plan, settings or state (or the same problems, with their positions) with and without the fast way", () => {
    // Input nested thousands deep runs the yaml library out of stack at a depth that depends on
    // the stack already in use, so its column moves (its corpus entry pins the line only).
    for (const { name, text } of texts.filter((t) => !t.name.endsWith("deep-nesting.yml"))) {
      const file = name.startsWith("plans") ? `.github/rollouts/${name.split("/")[1]}` : name;
      expect(parsePlan(text, file, null), name).toEqual(parsePlan(text, file, null, { fast: false }));
      expect(parseSettings(text, file), name).toEqual(parseSettings(text, file, { fast: false }));
      expect(parseState(text, file), name).toEqual(parseState(text, file, { fast: false }));
    }
  });
});

// Plain scalars whose type YAML 1.2's core schema decides, and look-alikes it leaves as strings.
const TRICKY = ["0", "-0", "+12", "007", "0o17", "0o8", "0x1F", "0xG", "0b101", "1_000", "1e3", "1E-3", "-.5", "+.5", "1.", ".inf", "-.Inf", ".NaN", ".nan", "1:30", "12:30:00", "2026-12-01", "2026-12-01T15:00:00Z", "yes", "No", "on", "OFF", "y", "true", "True", "TRUE", "tRUE", "false", "null", "Null", "NULL", "~", "", "24h", "8h business", "1,000", "€5", "a b", "0.1.2", "=", "<<"];
const plainScalar = fc.oneof(fc.constantFrom(...TRICKY), fc.stringMatching(/^[a-z][a-z0-9 .-]{0,12}$/));
const key = fc.oneof(fc.constantFrom("name", "percent", "bake", "1", "1.0", "-0", "0o7", ".inf", ".NaN", "true", "TRUE", "null", "Null", "~", "0x10", "1e3", '""', "'null'", '"~"'), fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/));

/** Block and flow YAML written by hand, scalars unquoted, as people write plans. */
const handWritten: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(key, fc.oneof(plainScalar.map((v) => ` ${v}`), fc.array(plainScalar, { maxLength: 4 }).map((vs) => ` [${vs.join(", ")}]`), fc.array(fc.tuple(key, plainScalar), { maxLength: 3 }).map((ps) => `\n${ps.map(([k, v]) => `  ${k}: ${v}`).join("\n")}`))),
    { minLength: 1, maxLength: 6 },
  )
  .map((pairs) => `${pairs.map(([k, v]) => `${k}:${v}`).join("\n")}\n`);

describe("generated YAML", () => {
  it("hand-written documents with every kind of plain scalar read to the same value both ways", () => {
    fc.assert(fc.property(handWritten, (text) => sameReading(text)), { numRuns: 2000 });
  });

  it("documents the yaml library writes (as stagegate writes state files) read to the same value both ways", () => {
    const value = fc.jsonValue({ maxDepth: 4 }).filter((v) => v !== null && typeof v === "object");
    fc.assert(
      fc.property(value, (v) => {
        const text = stringify(v);
        sameReading(text);
        const fast = fastYamlData(text);
        if (fast !== null) expect(fast.data).toEqual(v);
      }),
      { numRuns: 1000 },
    );
  });
});
