// Octokit throws a RequestError for every non-2xx answer. The port turns the few answers that
// are expected (not found, stale sha) into values; everything else stays an exception because
// it means GitHub or the installation is broken, and the caller should fail loudly.

export function httpStatus(error: unknown): number | null {
  if (typeof error === "object" && error !== null && "status" in error) {
    const status = (error as { status: unknown }).status;
    if (typeof status === "number") return status;
  }
  return null;
}

function responseMessage(error: unknown): string {
  const data = (error as { response?: { data?: unknown } } | null)?.response?.data;
  if (typeof data === "object" && data !== null && "message" in data) {
    const message = (data as { message: unknown }).message;
    if (typeof message === "string") return message;
  }
  return error instanceof Error ? error.message : "";
}

export function isNotFound(error: unknown): boolean {
  const status = httpStatus(error);
  return status === 404 || status === 410;
}

/** What `read` answers, or `absent` when GitHub says there is nothing there (404, 410). */
export async function unlessNotFound<T, A>(read: () => Promise<T>, absent: A): Promise<T | A> {
  try {
    return await read();
  } catch (error) {
    if (isNotFound(error)) return absent;
    throw error;
  }
}

/**
 * A contents-API write lost a race: 409 for a stale sha (or a parallel write to the branch),
 * 422 when the sha is missing or does not match ("sha wasn't supplied", "does not match").
 */
export function isStaleShaConflict(error: unknown): boolean {
  const status = httpStatus(error);
  if (status === 409) return true;
  return status === 422 && /\bsha\b/i.test(responseMessage(error));
}
