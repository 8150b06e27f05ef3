// Replies are values: a handler returns what GitHub would answer, errors included, with the
// message and documentation_url GitHub uses so clients' error handling meets real text.

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const DOCS = "https://docs.github.com/rest";

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

export function error(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
  return { status, body: { message, documentation_url: DOCS, status: String(status), ...extra } };
}

export const notFound = (): Reply => error(404, "Not Found");

export const notAccessible = (): Reply => error(403, "Resource not accessible by integration");

export function validationFailed(message: string, errors: Array<Record<string, unknown> | string> = []): Reply {
  return error(422, message, errors.length ? { errors } : {});
}

export function isReply(value: unknown): value is Reply {
  return typeof value === "object" && value !== null && "status" in value && typeof (value as Reply).status === "number";
}
