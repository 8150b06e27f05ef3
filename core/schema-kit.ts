// What the zod schemas of the settings and the plan share: strict mappings that list their keys
// when given an unknown one, messages written for people who edit YAML (not for TypeScript
// programmers), and the translation of zod issues into located problems.
import * as z from "zod/mini";
import type { Problem } from "./result.js";
import { didYouMean } from "./suggest.js";
import type { YamlSource } from "./yaml-source.js";

const ALLOWED = "allowed keys: ";

/** A mapping that rejects unknown keys, naming the keys it accepts. */
export function strictMapping<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const allowed = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) => (issue.code === "unrecognized_keys" ? `${ALLOWED}${allowed}` : undefined),
  });
}

/**
 * A default with its description. Described through the registry, not `.check(z.describe(…))`:
 * a check clones the schema from a spread of its definition, which reads the default's getter
 * once and would hand every parse the same list or mapping.
 */
export function defaulted<T extends z.core.SomeType>(inner: T, value: z.core.util.NoUndefined<z.output<T>>, description: string): z.ZodMiniDefault<T> {
  const schema = z._default(inner, value);
  z.globalRegistry.add(schema, { description });
  return schema;
}

/** Slug-like names: ids, stage, gate and role names appear in commands, URLs and state files. */
const SLUG_PATTERN = "^[a-z0-9][a-z0-9-]*$";

/**
 * Names are short: they are repeated on every task-list line, in markers, check names and the
 * stages row of the tracking issue, which must fit GitHub's 65,536 characters with every box.
 */
const MAX_SLUG_LENGTH = 64;

export function slug(what: string) {
  return z.string().check(
    z.maxLength(MAX_SLUG_LENGTH, { error: (issue) => `${what} is ${String((issue.input as string).length)} characters long: keep it to ${MAX_SLUG_LENGTH} at most` }),
    z.regex(new RegExp(SLUG_PATTERN), {
      error: (issue) => `${what} ${JSON.stringify(issue.input)} must be lower-case letters, digits and dashes, starting with a letter or digit (like ${exampleSlug(String(issue.input))})`,
    }),
  );
}

function exampleSlug(text: string): string {
  const cleaned = text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return cleaned === "" ? "code-review" : cleaned;
}

/** A string whose syntax a parser owns: the regex feeds the JSON Schema, the parser the message. */
export function parsedString(pattern: string, parse: (text: string) => unknown, typeMessage: string) {
  const explain = (input: unknown) => {
    const result = parse(String(input));
    return typeof result === "string" ? result : undefined;
  };
  const re = new RegExp(pattern);
  return z.string({ error: (issue) => (issue.code === "invalid_type" && issue.input !== undefined ? `${typeMessage}, got ${describe(issue.input)}` : undefined) }).check(
    z.regex(re, { error: (issue) => explain(issue.input) }),
    // What the pattern cannot say (an end before a start); text off the pattern was reported above.
    z.refine((text) => !re.test(text) || typeof parse(text) !== "string", { error: (issue) => explain(issue.input) }),
  );
}

function describe(value: unknown): string {
  if (value == null) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `text ${JSON.stringify(value)}`;
  return `${typeof value === "number" ? "the number " : ""}${String(value)}`;
}

const EXPECTED: Record<string, string> = {
  string: "text",
  number: "a number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
};

/** Messages for every issue a schema did not word itself. */
const messages: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return `missing required key ${JSON.stringify(issue.path?.at(-1))}`;
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describe(issue.input)}`;
    case "too_small":
      if (issue.origin === "number") return `must be at least ${issue.minimum}, got ${describe(issue.input)}`;
      return "must not be empty";
    case "too_big":
      return `must be at most ${issue.maximum}, got ${describe(issue.input)}`;
    case "invalid_value":
      return `must be one of ${issue.values.map(String).join(", ")}, got ${describe(issue.input)}`;
    case "invalid_format":
      // Every pattern carries its own message; the one format without is the metrics URL.
      return `${describe(issue.input)} is not an http(s) URL`;
    default:
      return undefined;
  }
};

export type Parsed<T> = { success: true; data: T } | { success: false; problems: Problem[] };

/** Validates plain data against a schema and locates every issue in the source. */
export function validate<S extends z.ZodMiniType>(schema: S, source: YamlSource): Parsed<z.output<S>> {
  const result = schema.safeParse(source.data, { error: messages });
  if (result.success) return { success: true, data: result.data };
  return { success: false, problems: result.error.issues.flatMap((issue) => locate(issue, source)) };
}

function locate(issue: z.core.$ZodIssue, source: YamlSource): Problem[] {
  const path = issue.path as (string | number)[];
  switch (issue.code) {
    case "unrecognized_keys": {
      // Every mapping is a strictMapping, whose message lists its keys.
      const allowed = issue.message.slice(ALLOWED.length).split(", ");
      return issue.keys.map((key) =>
        source.problem([...path, key], `unknown key ${JSON.stringify(key)}${didYouMean(key, allowed)}; ${issue.message}`, "key"),
      );
    }
    case "invalid_key":
      // The key's own issue says what is wrong with it.
      return [source.problem(path, issue.issues[0]!.message, "key")];
    case "invalid_type":
      // Absent keys are reported on the mapping that should hold them.
      return [source.problem(path, issue.message, source.has(path) ? "value" : "container")];
    default:
      return [source.problem(path, issue.message)];
  }
}
