// Loaded with `node --import` into a process the bench measures: says its peak resident memory
// (kilobytes, as getrusage counts it) on stderr as it exits.
import process from "node:process";
process.on("exit", () => process.stderr.write(`\nstagegate-bench-max-rss-kb=${process.resourceUsage().maxRSS}\n`));
