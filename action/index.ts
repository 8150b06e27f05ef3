// Entry of the bundled Action (dist/index.js): run once (main.ts turns anything unexpected, the
// proxy set-up included, into a failed step with a message instead of an unhandled rejection).
import { main } from "./main.js";
import { useProxyFromEnvironment } from "./proxy.js";

await main(process.env, useProxyFromEnvironment);
