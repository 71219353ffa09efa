// `npm run start:node` / `share-server`: the share service on Node, configured by environment
// variables (see README "Run on Node"). Bad configuration stops it with one line on stderr.
import { ConfigError, nodeConfigFromEnv } from './config';
import { loggerFor } from '../app/lib/log';
import { mailerSummary } from './mailer';
import { startRuntime } from './runtime';
import { onShutdownSignal } from './shutdown';

const started = performance.now();
try {
  const config = nodeConfigFromEnv(process.env);
  const runtime = await startRuntime(config, loggerFor(process.env.LOG_LEVEL));
  const store = config.s3 ? `s3://${config.s3.bucket}/${config.s3.prefix ?? ''}${config.s3.endpoint ? ` at ${config.s3.endpoint}` : ''}` : config.blobDir;
  const applied = runtime.migrationsApplied.length;
  process.stderr.write(`share: database ${config.databasePath}${applied ? ` (${applied} migration${applied === 1 ? '' : 's'} applied)` : ''}; files in ${store}; ${mailerSummary(config)}\n`);
  const port = runtime.port;
  process.stdout.write(`share is listening on http://localhost:${port} (${Math.round(performance.now() - started)} ms)\n  shares are served at http://<id>.${config.app.contentDomain}:${port}/\n  share something: SHARE_SERVER=http://localhost:${port} npx share ./index.html\n`);
  onShutdownSignal(async (signal) => {
    const t = performance.now();
    const result = await runtime.stop();
    process.stderr.write(`share: stopped on ${signal} (${result === 'drained' ? 'requests drained' : 'in-flight requests cut after timeout'}, ${Math.round(performance.now() - t)} ms)\n`);
  });
} catch (err) {
  const message = err instanceof ConfigError ? err.message : (err as Error).message;
  process.stderr.write(`share-server: ${message}\n`);
  process.exit(1);
}
