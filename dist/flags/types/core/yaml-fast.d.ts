import { type YamlSource } from "./yaml-source.js";
export interface ParseOptions {
    /** false: read only the position-keeping way (to compare both ways). */
    fast?: boolean;
}
/** The document as plain data, or null when only the position-keeping path may read it. */
export declare function fastYamlData(written: string): {
    data: unknown;
} | null;
/**
 * A source for plain data: enough to validate it. Its problems point at 1:1, so a caller that
 * finds any must read the file again with loadYaml to report them.
 */
export declare function plainSource(data: unknown, file: string): YamlSource;
