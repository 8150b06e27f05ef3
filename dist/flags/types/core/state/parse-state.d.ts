import type { RolloutState } from "../model.js";
import { type Result } from "../result.js";
import { type ParseOptions } from "../yaml-fast.js";
export declare function parseState(written: string, file: string, options?: ParseOptions): Result<RolloutState>;
