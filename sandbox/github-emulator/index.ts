// The GitHub emulator: a local, in-memory GitHub faithful to GitHub's own API description,
// for tests, the sandbox and benchmarks. See docs/sandbox.md.

export { startEmulator, Emulator, DEFAULT_PERMISSIONS, ACTIONS_PERMISSIONS, type EmulatorOptions, type RunningEmulator, type AppCredentials } from "./emulator.js";
export { loadGitHubDescription, type GitHubDescription } from "./openapi.js";
export { loadWebhookSchemas, type WebhookSchemas } from "./webhook-schemas.js";
export type { Person, Acted, FileChanges } from "./people.js";
export type { Delivery, ReleaseOrder } from "./webhooks.js";
export type { FaultSpec, FaultHandle } from "./faults.js";
export { isWrite, type LoggedRequest, type RequestFilter } from "./request-log.js";
export type { Clock } from "./clock.js";
export type { RepoRole, Permissions } from "./state.js";
export { ACTIONS_APP_ID } from "./shapes/apps.js";
