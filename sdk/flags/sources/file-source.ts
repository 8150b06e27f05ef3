// A rollout read from files on disk (a checkout of the repository, a mounted config volume),
// re-read whenever its folder changes. Folders are watched rather than files because git and
// config volumes replace a file by renaming a new one over it, which ends a watch on the file.
import { watch as watchFolder, type FSWatcher } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type { FlagFiles } from "../../../core/flags/flag-state.js";
import { failureMessage, type FlagSource, type SourceReading } from "../source.js";

export interface FileSourceOptions {
  /** The state file. */
  state: string;
  /** The rollout's plan, for the stages' audiences; without it only percentages are served. */
  plan?: string;
}

export function fileSource(options: FileSourceOptions): FlagSource {
  let last: string | null = null;

  async function read(): Promise<SourceReading> {
    try {
      const state = await readFile(options.state, "utf8");
      const plan = options.plan === undefined ? null : await readFile(options.plan, "utf8");
      const files: FlagFiles = { state: { path: options.state, text: state }, plan: options.plan === undefined || plan === null ? null : { path: options.plan, text: plan } };
      const seen = `${state}\0${plan ?? ""}`;
      const changed = seen !== last;
      last = seen;
      return { ok: true, files, changed };
    } catch (error) {
      return { ok: false, message: `could not read ${options.state}: ${failureMessage(error)}` };
    }
  }

  return {
    read,
    watch(onReading) {
      const paths = [options.state, ...(options.plan === undefined ? [] : [options.plan])];
      const names = new Set(paths.map((p) => basename(p)));
      const watchers: FSWatcher[] = [...new Set(paths.map((p) => dirname(p)))].map((dir) =>
        watchFolder(dir, { persistent: false }, (_event, name) => {
          if (name === null || names.has(String(name))) void read().then(onReading);
        }),
      );
      return () => {
        for (const w of watchers) w.close();
      };
    },
  };
}
