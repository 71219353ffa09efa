import type { ProblemInput } from './messages';

/** A refusal in the API's terms (status + code), whether the server or the browser found it first. */
export class Problem extends Error implements ProblemInput {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
}

/** Reads `{"error":{code,message}}` from a failed response, whatever else the server sent. */
export async function problemOf(res: Response): Promise<Problem> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body?.error?.code) return new Problem(res.status, body.error.code, body.error.message ?? '', body.error.details);
  } catch { /* not JSON */ }
  return new Problem(res.status, `http_${res.status}`, res.statusText);
}
