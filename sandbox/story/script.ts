// A story: where its clock starts, what the monitoring shows, and the script people and the clock
// follow. `npm start -- --story <name>` plays one; the end-to-end tests play them all.
import type { Story } from "./driver.js";
import type { Metrics } from "./world.js";

export interface StoryScript {
  name: string;
  /** One line for --help and the heading. */
  summary: string;
  /** Local time in the settings' calendar zone: `2026-11-23 09:00`. */
  start: string;
  metrics: Metrics;
  play(story: Story): Promise<void>;
}
