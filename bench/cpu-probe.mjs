// Loaded with `--import` into a measured process: its CPU time (user + system) as it exits.
import process from "node:process";
process.on("exit", () => {
  const u = process.cpuUsage();
  process.stderr.write(`\nstagegate-bench-cpu-us=${u.user + u.system}\n`);
});
