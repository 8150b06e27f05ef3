// GitHub's own REST API description is the emulator's contract: every request is routed and
// validated against it, so a call that would fail on github.com fails here too, loudly.
// The description is 13 MB of JSON; it is parsed, patched and indexed once per process and
// shared by every emulator instance (docs/sandbox.md has the measured cost).

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { OpenAPIBackend, type Document, type Operation, type ValidationResult } from "openapi-backend";

type ErrorObject = NonNullable<ValidationResult["errors"]>[number];
type AjvOptions = NonNullable<ConstructorParameters<typeof OpenAPIBackend>[0]["ajvOpts"]>;

export interface RouteMatch {
  operationId: string;
  /** The path template as the description spells it, e.g. `/repos/{owner}/{repo}/issues`. */
  template: string;
  method: string;
  /** Decoded path parameters. */
  params: Record<string, string>;
}

export interface RequestToCheck {
  method: string;
  path: string;
  /** Raw query string without the leading `?`. */
  query: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface GitHubDescription {
  readonly version: string;
  /** Milliseconds spent reading, patching and indexing the description. */
  readonly loadMs: number;
  readonly operationCount: number;
  match(method: string, path: string): RouteMatch | null;
  /** Human-readable validation errors; empty when the request conforms. */
  validateRequest(match: RouteMatch, request: RequestToCheck): string[];
  /** Validates a response body against the documented schema for that status. */
  validateResponse(operationId: string, status: number, body: unknown): string[];
  hasOperation(operationId: string): boolean;
}

interface CompiledRoute {
  operation: Operation;
  template: string;
  literalLength: number;
  single: RegExp;
  multi: RegExp | null;
  names: string[];
}

// Git refs and file paths contain slashes; GitHub accepts them unencoded in these parameters
// even though the description declares a single path segment.
const SLASHY_PARAMS = new Set(["path", "ref", "branch"]);

const require = createRequire(import.meta.url);
let shared: Promise<GitHubDescription> | null = null;

/** Loads GitHub's REST description once per process. */
export function loadGitHubDescription(): Promise<GitHubDescription> {
  shared ??= load();
  return shared;
}

async function load(): Promise<GitHubDescription> {
  const started = performance.now();
  const file = require.resolve("@octokit/openapi/generated/api.github.com.json");
  const document = JSON.parse(await readFile(file, "utf8")) as Document;
  patchNullableWithoutType(document);
  const api = new OpenAPIBackend({
    definition: document,
    // quick: skip validating the description itself and compile each operation's validator on
    // first use; compiling all 1,200 operations up front would take many seconds.
    quick: true,
    coerceTypes: true,
    // validateSchema: false skips checking GitHub's schemas against the JSON Schema meta-schema
    // on every compile; they are GitHub's published description, and the check triples the cost.
    ajvOpts: { allErrors: true, formats: FORMATS, logger: false, validateSchema: false },
  });
  await api.init();
  const routes = compileRoutes(api.router.getOperations());
  const byMethod = new Map<string, CompiledRoute[]>();
  for (const route of routes) {
    const list = byMethod.get(route.operation.method) ?? [];
    list.push(route);
    byMethod.set(route.operation.method, list);
  }
  for (const list of byMethod.values()) list.sort((a, b) => b.literalLength - a.literalLength);
  const byId = new Map(routes.map((r) => [r.operation.operationId ?? "", r.operation]));
  const version = (document.info as { version?: string }).version ?? "unknown";
  const loadMs = performance.now() - started;

  return {
    version,
    loadMs,
    operationCount: routes.length,
    hasOperation: (id) => byId.has(id),
    match(method, path) {
      const list = byMethod.get(method.toLowerCase()) ?? [];
      const clean = path.length > 1 ? path.replace(/\/+$/, "") : path;
      for (const pass of ["single", "multi"] as const) {
        for (const route of list) {
          const regex = pass === "single" ? route.single : route.multi;
          const m = regex?.exec(clean);
          if (!m) continue;
          const params: Record<string, string> = {};
          route.names.forEach((name, i) => {
            params[name] = safeDecode(m[i + 1] ?? "");
          });
          return { operationId: route.operation.operationId ?? "", template: route.template, method: method.toUpperCase(), params };
        }
      }
      return null;
    },
    validateRequest(match, request) {
      // Re-encode parameters so the validator's own single-segment parser sees them whole.
      let encodedPath = match.template;
      for (const [name, value] of Object.entries(match.params)) {
        encodedPath = encodedPath.replace(`{${name}}`, encodeURIComponent(value));
      }
      // Pass the operation itself: looking it up by id rebuilds the list of all 1,200 operations.
      const result = api.validateRequest(
        { method: request.method.toLowerCase(), path: encodedPath, query: request.query, headers: request.headers, body: request.body },
        byId.get(match.operationId),
      );
      return result.valid ? [] : describeErrors(result.errors ?? []);
    },
    validateResponse(operationId, status, body) {
      const operation = byId.get(operationId);
      if (!operation) return [`${operationId} is not in GitHub's API description`];
      const result = api.validator.validateResponse(body, operation, status);
      return result.valid ? [] : describeErrors(result.errors ?? []);
    },
  };
}

function compileRoutes(operations: Operation[]): CompiledRoute[] {
  return operations.map((operation) => {
    const template = operation.path;
    const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? "");
    const parts = template.split(/\{[^}]+\}/).map(escapeRegExp);
    const build = (multi: boolean) =>
      new RegExp("^" + parts.reduce((acc, part, i) => (i === 0 ? part : acc + (multi && SLASHY_PARAMS.has(names[i - 1] ?? "") ? "(.+?)" : "([^/]+)") + part), "") + "$");
    const hasSlashy = names.some((n) => SLASHY_PARAMS.has(n));
    return {
      operation,
      template,
      literalLength: template.replace(/\{[^}]+\}/g, "").length,
      single: build(false),
      multi: hasSlashy ? build(true) : null,
      names,
    };
  });
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function describeErrors(errors: ErrorObject[]): string[] {
  return errors.map((e) => {
    const where = e.instancePath ? e.instancePath.replace(/^\//, "").replaceAll("/", ".") : "(root)";
    const detail = e.keyword === "enum" ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})` : "";
    const missing = e.keyword === "required" ? ` '${(e.params as { missingProperty?: string }).missingProperty}'` : "";
    return `${where} ${e.message ?? e.keyword}${missing && !e.message?.includes("'") ? missing : ""}${detail}`;
  });
}

// GitHub's description (OpenAPI 3.0) marks some `anyOf`/`allOf` schemas `nullable` without a
// `type`, which Ajv refuses to compile: rewrite them into the equivalent `anyOf [..., null]`.
function patchNullableWithoutType(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) patchNullableWithoutType(item);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const record = node as Record<string, unknown>;
  for (const value of Object.values(record)) patchNullableWithoutType(value);
  // OpenAPI 3.0.3: `nullable` admits null even when an `enum` does not list it; Ajv needs it listed.
  if (record.nullable === true && Array.isArray(record.enum) && !record.enum.includes(null)) record.enum = [...(record.enum as unknown[]), null];
  if (typeof record.nullable === "boolean" && record.type === undefined) {
    const nullable = record.nullable;
    delete record.nullable;
    if (nullable) {
      const rest = { ...record };
      for (const key of Object.keys(record)) delete record[key];
      record.anyOf = [rest, { type: "null" }];
    }
  }
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

// Formats the description uses. Checking them catches a malformed timestamp or URL in the
// emulator's own responses.
export const FORMATS: NonNullable<AjvOptions["formats"]> = {
  "date-time": DATE_TIME,
  date: /^\d{4}-\d{2}-\d{2}$/,
  uri: (s: string) => URL.canParse(s),
  "uri-template": (s: string) => s.length > 0,
  email: /^[^\s@]+@[^\s@]+$/,
  timestamp: /^\d+$/,
  binary: true,
  "repo.nwo": /^[^/]+\/[^/]+$/,
};
