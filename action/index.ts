// Entry of the bundled Action (dist/index.js): run once (main.ts turns anything unexpected, the
// proxy set-up included, into a failed step with a message instead of an unhandled rejection).
import { readOffsetsWith } from "../core/calendar/zone.js";
import { main } from "./main.js";
import { useProxyFromEnvironment } from "./proxy.js";
import { dateOffset } from "./zone-offsets.js";

// The calendar's offsets without Intl's locale data: see zone-offsets.ts.
readOffsetsWith(dateOffset);
await main(process.env, useProxyFromEnvironment);
