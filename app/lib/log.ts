export type LogFields = Record<string, unknown>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/** One JSON object per line on the console: what Workers Logs, `wrangler tail` and log shippers read. */
export const consoleLogger: Logger = {
  info: (event, fields) => console.log(JSON.stringify({ time: new Date().toISOString(), level: 'info', event, ...fields })),
  error: (event, fields) => console.error(JSON.stringify({ time: new Date().toISOString(), level: 'error', event, ...fields })),
};

export const silentLogger: Logger = { info: () => {}, error: () => {} };

/** LOG_LEVEL=error keeps only errors (tests, noisy hosts); `silent` drops everything; default logs every request. */
export function loggerFor(level: string | undefined): Logger {
  if (level === 'silent') return silentLogger;
  if (level === 'error') return { info: () => {}, error: consoleLogger.error };
  return consoleLogger;
}
