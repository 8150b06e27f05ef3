// The fast way in for valid files. The yaml library's Document API keeps the position of every
// node, which every problem needs for its line and column, but building it costs about ten times
// what a plain reader takes (≈ 2 ms a plan; a third of a scheduled run's CPU at 100 rollouts).
// So a file is first read by js-yaml into plain data with YAML 1.2's core schema, as the yaml
// library reads it; when that data passes every check, it is the answer. Whenever anything is
// off — js-yaml refuses the text, an alias is used (the slow path bounds what aliases expand
// to), or the data has a problem to report — the file is read again the position-keeping way,
// and that reading alone decides. test/core/yaml-fast.test.ts shows that both ways read every
// valid file of the corpus, and generated YAML, to the same value.
import { CORE_SCHEMA, load } from "js-yaml";
import { nulOffset, type Path, type YamlSource, yamlText } from "./yaml-source.js";

export interface ParseOptions {
  /** false: read only the position-keeping way (to compare both ways). */
  fast?: boolean;
}

/** The document as plain data, or null when only the position-keeping path may read it. */
export function fastYamlData(written: string): { data: unknown } | null {
  const text = yamlText(written);
  if (nulOffset(text) !== null) return null;
  let data: unknown;
  try {
    data = load(text, { schema: CORE_SCHEMA });
  } catch {
    return null;
  }
  if (data === null || data === undefined || unlikeKeys(data)) return null;
  return { data };
}

/**
 * Whether the two readers may disagree: a collection that appears twice (js-yaml shares the value
 * an alias names, where the yaml library copies it after bounding its size), or a key the two
 * turn into different strings (a null key is "null" to js-yaml and "" to the yaml library).
 * Walked without recursion, so any depth is safe.
 */
function unlikeKeys(root: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== "object" || value === null) continue;
    if (seen.has(value)) return true;
    seen.add(value);
    if (!Array.isArray(value) && (Object.hasOwn(value, "null") || Object.hasOwn(value, ""))) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push(child);
  }
  return false;
}

/**
 * A source for plain data: enough to validate it. Its problems point at 1:1, so a caller that
 * finds any must read the file again with loadYaml to report them.
 */
export function plainSource(data: unknown, file: string): YamlSource {
  return {
    file,
    data,
    has(path: Path) {
      let here: unknown = data;
      for (const segment of path) {
        if (typeof here !== "object" || here === null || !Object.hasOwn(here, segment)) return false;
        here = (here as Record<string | number, unknown>)[segment];
      }
      return true;
    },
    problem: (_path, message) => ({ file, line: 1, col: 1, message }),
  };
}
