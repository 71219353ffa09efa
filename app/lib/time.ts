/** Epoch milliseconds as the API shows times: ISO 8601 in UTC (`2026-01-31T12:00:00.000Z`); null stays null. */
export function isoTime(ms: number): string;
export function isoTime(ms: number | null): string | null;
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
