import type { FlagFiles } from "../../core/flags/flag-state.js";
/** One reading of a source. */
export type SourceReading = 
/** The files as they are now. `changed` false: the same as the previous reading. */
{
    ok: true;
    files: FlagFiles;
    changed: boolean;
}
/** The files could not be fetched (network, permissions, missing file): keep serving the last good state. */
 | {
    ok: false;
    message: string;
};
export interface FlagSource {
    /** Reads now; resolves when the reading is known (never rejects). */
    read(): Promise<SourceReading>;
    /**
     * Calls `onReading` whenever the source learns something new (a poll, a watched change, a
     * caller's update). Returns a function that stops it.
     */
    watch(onReading: (reading: SourceReading) => void): () => void;
}
export declare function failureMessage(error: unknown): string;
