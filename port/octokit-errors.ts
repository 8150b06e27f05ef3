// Octokit throws a RequestError for every non-2xx answer. The port turns the few answers that
// are expected (not found, stale sha) into values; everything else stays an exception because
// it means GitHub or the installation is broken, and the caller should fail loudly.

export function httpStatus(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : null;
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
 * Octokit's RequestError carries GitHub's message in its own.
 */
export function isStaleShaConflict(error: unknown): boolean {
  const status = httpStatus(error);
  return status === 409 || (status === 422 && error instanceof Error && /\bsha\b/i.test(error.message));
}
