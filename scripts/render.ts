// `npm run render -- --out DIR`: plays the sandbox's stories and draws every Markdown surface
// they leave (tracking issue moments, comments, check-run outputs, job summaries) as GitHub draws
// it, in Debian's headless Chromium, writing a PNG and the Markdown of each to DIR/<story>/. It
// prints what the rendering check would object to, so a change can be looked at and judged.
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { chromiumMissing, launchChromium } from "../sandbox/render/browser.js";
import { renderingProblems } from "../sandbox/render/checks.js";
import { openGithubPage } from "../sandbox/render/page.js";
import { storySurfaces } from "../sandbox/render/surfaces.js";
import { playStory, STORIES } from "../sandbox/story/stories.js";

const HELP = `Usage: npm run render -- --out <dir> [--story <name>] [--only <kind>] [--width <px>] [--max-height <px>]

Plays the sandbox's stories (${Object.keys(STORIES).join(", ")}; all by default) and writes a PNG
screenshot and the Markdown of every surface they leave to <dir>/<story>/.
  --only        tracking-issue, comment, check-run or job-summary
  --max-height  cut each screenshot at this many pixels (default 2400)
  --width       the Markdown column's width in pixels (default 880, GitHub's; narrower for docs)
Needs Debian's chromium package (apt-get install chromium).
`;

const { values } = parseArgs({
  options: { out: { type: "string" }, story: { type: "string" }, only: { type: "string" }, "max-height": { type: "string", default: "2400" }, width: { type: "string", default: "880" }, help: { type: "boolean", short: "h", default: false } },
  strict: true,
});
if (values.help || values.out === undefined) {
  process.stdout.write(HELP);
  process.exit(values.help ? 0 : 2);
}
const missing = chromiumMissing();
if (missing !== null) {
  process.stderr.write(`npm run render: ${missing}\n`);
  process.exit(1);
}
const names = values.story === undefined ? Object.keys(STORIES) : [values.story];
for (const name of names) if (!STORIES[name]) throw new Error(`there is no story "${name}"; the stories are ${Object.keys(STORIES).join(", ")}.`);

const out = resolve(values.out);
const browser = await launchChromium();
let problems = 0;
try {
  const page = await openGithubPage(browser.browser, Number(values.width));
  for (const name of names) {
    process.stdout.write(`playing the ${name} story…\n`);
    const story = await playStory(STORIES[name] as (typeof STORIES)[string], { write: null });
    try {
      const dir = join(out, name);
      await mkdir(dir, { recursive: true });
      for (const surface of storySurfaces(story)) {
        if (values.only !== undefined && surface.kind !== values.only) continue;
        const drawn = await page.render(surface.markdown);
        await writeFile(join(dir, `${surface.id}.md`), surface.markdown);
        await page.screenshot(join(dir, `${surface.id}.png`), Number(values["max-height"]));
        for (const problem of renderingProblems(surface, drawn)) {
          problems++;
          process.stdout.write(`${name}/${surface.id}: ${problem}\n`);
        }
      }
      process.stdout.write(`wrote ${dir}\n`);
    } finally {
      await story.close();
    }
  }
} finally {
  await browser.close();
}
process.exit(problems === 0 ? 0 : 1);
