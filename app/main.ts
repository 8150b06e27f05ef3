// `npm run app` (the built App, build/app.js) and `tsx app/main.ts`: the stagegate App as a
// long-running server, configured by the environment (app/start.ts; docs/app.md lists the
// variables).
import { runApp } from "./start.js";

await runApp({ env: process.env, signals: process, exit: (code) => process.exit(code), print: (line) => console.log(line), error: (line) => console.error(line) });
