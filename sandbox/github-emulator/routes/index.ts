// Every emulated operation, keyed by GitHub's operationId.

import { appRoutes } from "./apps.js";
import { checkRoutes } from "./checks.js";
import { commentRoutes } from "./comments.js";
import { commitRoutes } from "./commits.js";
import { contentsRoutes } from "./contents.js";
import { issueRoutes } from "./issues.js";
import { peopleRoutes } from "./people.js";
import { pullRoutes } from "./pulls.js";
import { repoRoutes } from "./repos.js";
import type { HandlerTable } from "./types.js";

export const allRoutes: HandlerTable = {
  ...appRoutes,
  ...repoRoutes,
  ...commitRoutes,
  ...contentsRoutes,
  ...issueRoutes,
  ...commentRoutes,
  ...pullRoutes,
  ...checkRoutes,
  ...peopleRoutes,
};
