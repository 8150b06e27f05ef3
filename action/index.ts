// Entry of the bundled Action (dist/index.js): run once (main.ts turns anything unexpected into a
// failed step with a message instead of an unhandled rejection).
import { main } from "./main.js";

await main();
