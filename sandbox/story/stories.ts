// The stories the sandbox can tell, by name, and how to play one from start to end.
import { Story, type StoryOptions } from "./driver.js";
import { rollbackStory } from "./rollback-story.js";
import type { StoryScript } from "./script.js";
import type { AppHost } from "./world.js";
import { seedStory } from "./seed-story.js";

export const STORIES: Record<string, StoryScript> = {
  [seedStory.name]: seedStory,
  [rollbackStory.name]: rollbackStory,
};

export interface PlayOptions {
  /** Where the narration goes; null keeps quiet. */
  write: ((text: string) => void) | null;
  /** Columns to wrap the narration at. */
  width?: number;
  /** The Action bundle (default: the committed dist/index.js). */
  actionEntry?: string;
  /** Where the App runs (default: in this process). */
  app?: AppHost;
  /** Called once the world is up, so a caller can close it on Ctrl-C mid-story. */
  onOpen?: (story: Story) => void;
  /** Runs each Action run of the story (see WorldOptions.aroundAction). */
  aroundAction?: StoryOptions["aroundAction"];
}

/**
 * Plays a story to its end and returns it, still open for inspection: the caller closes it.
 * On failure everything it started is closed before the error is thrown.
 */
export async function playStory(script: StoryScript, options: PlayOptions): Promise<Story> {
  const story = await Story.open({
    start: script.start,
    metrics: script.metrics,
    write: options.write,
    ...(options.width ? { width: options.width } : {}),
    ...(options.actionEntry ? { actionEntry: options.actionEntry } : {}),
    ...(options.aroundAction ? { aroundAction: options.aroundAction } : {}),
    ...(options.app ? { app: options.app } : {}),
  });
  options.onOpen?.(story);
  try {
    await script.play(story);
    story.narrator.finish();
    return story;
  } catch (error) {
    await story.close().catch(() => {});
    throw error;
  }
}
