// `npm run admin -- …` (app/admin.ts).
import { runAdmin } from "./admin.js";

process.exitCode = await runAdmin(process.argv.slice(2), process.env, console).catch((error: unknown) => {
  console.error(`admin: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
