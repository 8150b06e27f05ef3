// `npm start`: the local sandbox. A GitHub emulator, the stagegate App as a real HTTP server on
// 127.0.0.1 receiving signed webhooks, and the built Action run as a real process on each tick of
// a simulated clock, telling the seed's plan from its pull request to 100% (or another story).
// No account, no network. See docs/walkthrough.md.
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeArtifacts } from "./story/artifacts.js";
import type { Story } from "./story/driver.js";
import { standing } from "./story/observer.js";
import { playStory, STORIES } from "./story/stories.js";

const HELP = `Usage: npm start -- [--story <name>] [--out <dir>]

The stagegate sandbox: an embedded GitHub, the App as a real server and the Action as a real
process, carrying out the example plan (examples/playlist-editor/) on a simulated clock.

Options:
  --story <name>  the story to tell (default: seed)
${Object.values(STORIES)
  .map((s) => `                    ${s.name.padEnd(9)} ${s.summary}`)
  .join("\n")}
  --out <dir>     where to leave the tracking issue, state file, comments, check runs and
                  job summaries (default: out/sandbox/<story>/)
  --quiet         print only the outcome, not the story
  -h, --help      show this help
`;

/** A path relative to here when it is below here, else absolute. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === "" ? "." : rel.startsWith("..") ? path : rel;
}

function fail(message: string): never {
  process.stderr.write(`npm start: ${message}\n`);
  process.exit(1);
}

function readOptions() {
  try {
    const { values } = parseArgs({
      options: { story: { type: "string", default: "seed" }, out: { type: "string" }, quiet: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
      strict: true,
      allowPositionals: false,
    });
    return values;
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${HELP}`);
  }
}

const options = readOptions();
if (options.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const script = STORIES[options.story];
if (!script) fail(`there is no story "${options.story}"; the stories are ${Object.keys(STORIES).join(", ")}.`);
const out = resolve(options.out ?? `out/sandbox/${script.name}`);

let open: Story | null = null;
process.once("SIGINT", () => {
  process.stderr.write("\nnpm start: interrupted; closing the emulator, the App and any Action run.\n");
  void (open?.close() ?? Promise.resolve()).finally(() => process.exit(130));
});

const started = performance.now();
const print = (text: string) => process.stdout.write(text);
print(`stagegate sandbox · story "${script.name}": ${script.summary}\n`);
try {
  const story = await playStory(script, {
    write: options.quiet ? null : print,
    // The terminal's width, within reason; 120 columns when the output is not a terminal.
    width: Math.min(160, Math.max(100, process.stdout.columns ?? 120)),
    onOpen: (s) => {
      open = s;
      print(`GitHub emulator ${s.gh.baseUrl} · App webhooks ${s.world.appWebhookUrl} · Action ${shown(s.world.actionEntry)}\n`);
      print(`Times are ${s.world.settings.calendar.timezone}. The clock's workflow runs every 15 minutes; the story runs it at each event, at noon on the two days after, then weekly, and at the instant the Action reports as next eligible.\n`);
    },
  });
  const files = await writeArtifacts(story, out);
  const state = story.state();
  await story.close();
  open = null;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const summaries = files.filter((f) => f.startsWith("summaries")).length;
  const moments = files.filter((f) => f.startsWith("tracking-issue/")).length;
  print(`\nFinal: ${state ? standing(state) : "not started"}. Told in ${seconds} s with ${story.runs.length} Action runs.\n`);
  print(`Left in ${shown(out)}/: ${files.filter((f) => !f.includes("/")).join(", ")}, tracking-issue/ (the issue at ${moments} moments), summaries/ (${summaries} job summaries).\n`);
} catch (error) {
  await (open as Story | null)?.close().catch(() => {});
  fail(`the story "${script.name}" failed: ${error instanceof Error ? error.message : String(error)}`);
}
