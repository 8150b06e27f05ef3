// Entry of dist/app-workflow.js: the App handling one workflow event (see app/workflow.ts).
import { workflowStep } from "./workflow.js";

const step = await workflowStep(process.env);
for (const line of step.lines) console.log(line);
process.exitCode = step.exitCode;
