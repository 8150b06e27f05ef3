import type { RolloutState } from "../model.js";
import { type Result } from "../result.js";
export declare function parseState(written: string, file: string): Result<RolloutState>;
