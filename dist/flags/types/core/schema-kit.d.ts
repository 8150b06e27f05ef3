import * as z from "zod/mini";
import type { Problem } from "./result.js";
import type { YamlSource } from "./yaml-source.js";
/** A mapping that rejects unknown keys, naming the keys it accepts. */
export declare function strictMapping<Shape extends z.core.$ZodLooseShape>(shape: Shape): z.ZodMiniObject<{ -readonly [P in keyof Shape]: Shape[P]; }, z.core.$strict>;
/**
 * A default with its description. Described through the registry, not `.check(z.describe(…))`:
 * a check clones the schema from a spread of its definition, which reads the default's getter
 * once and would hand every parse the same list or mapping.
 */
export declare function defaulted<T extends z.core.SomeType>(inner: T, value: z.core.util.NoUndefined<z.output<T>>, description: string): z.ZodMiniDefault<T>;
export declare function slug(what: string): z.ZodMiniString<string>;
/** A string whose syntax a parser owns: the regex feeds the JSON Schema, the parser the message. */
export declare function parsedString(pattern: string, parse: (text: string) => unknown, typeMessage: string): z.ZodMiniString<string>;
export type Parsed<T> = {
    success: true;
    data: T;
} | {
    success: false;
    problems: Problem[];
};
/** Validates plain data against a schema and locates every issue in the source. */
export declare function validate<S extends z.ZodMiniType>(schema: S, source: YamlSource): Parsed<z.output<S>>;
