// A full garbage collection on demand, for figures of live memory: the bench is not started with
// --expose-gc, so the flag is set at run time and `gc` taken from a fresh context.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gc: (() => void) | null = null;

/** Runs `passes` full collections (a second pass frees what the first one's finalizers released). */
export function collectGarbage(passes = 1): void {
  if (gc === null) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  for (let i = 0; i < passes; i++) gc();
}
