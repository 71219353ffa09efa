// `npm start`: the local default. Applies D1 migrations to the local database under .wrangler/,
// then runs `wrangler dev` with local R2 and D1, so a fresh clone serves with no account and no
// manual step. PORT picks another port.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const DEFAULT_PORT = '8787';
const port = process.env.PORT || DEFAULT_PORT;
const wrangler = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js');
// Wrangler's own chatter that a local run does not need, all of which fails noisily offline: usage
// metrics, the banner's update check (WRANGLER_HIDE_BANNER skips both banner and check), and the
// download of Cloudflare's `Request.cf` sample from workers.cloudflare.com (a stack trace per start
// when unreachable; the app does not read request.cf). Each can be turned back on from the shell.
const env = {
  WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true', CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  ...process.env, CI: process.env.CI ?? '1',
};
// SHARE_DATA_DIR keeps local R2/D1 somewhere other than .wrangler/state (tests use a temp dir).
const persist = process.env.SHARE_DATA_DIR ? ['--persist-to', process.env.SHARE_DATA_DIR] : [];
// SHARE_VARS="ADMIN_TOKEN=… REQUIRE_API_KEY=true" sets Worker vars for this run (wrangler dev --var);
// secrets for local dev can also live in .dev.vars, which wrangler dev reads by itself.
const vars = (process.env.SHARE_VARS || '').split(/\s+/).filter(Boolean).flatMap((pair) => {
  const eq = pair.indexOf('=');
  if (eq < 1) { process.stderr.write(`share: SHARE_VARS entries are NAME=VALUE, got ${pair}\n`); process.exit(2); }
  return ['--var', `${pair.slice(0, eq)}:${pair.slice(eq + 1)}`];
});

const migrate = spawnSync(process.execPath, [wrangler, 'd1', 'migrations', 'apply', 'DB', '--local', ...persist], { env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
if (migrate.status !== 0) {
  process.stderr.write(`${migrate.stdout}${migrate.stderr}\nshare: applying database migrations failed (see above)\n`);
  process.exit(1);
}
// Wrangler names how many it is about to apply ("About to apply 3 migration(s)"), or says there are none.
const applied = Number(/About to apply (\d+) migration/.exec(migrate.stdout)?.[1] ?? 0);
process.stderr.write(`share: database ready (${applied ? `${applied} migration${applied === 1 ? '' : 's'} applied` : 'up to date, no migrations to apply'})\n`);

const dev = spawn(process.execPath, [wrangler, 'dev', '--port', port, '--ip', '127.0.0.1', '--show-interactive-dev-session=false', ...persist, ...vars], { env, stdio: ['ignore', 'pipe', 'inherit'] });
let announced = false;
dev.stdout.on('data', (chunk) => {
  const text = chunk.toString();
  process.stdout.write(text);
  if (!announced && /Ready on/i.test(text)) {
    announced = true;
    // The command that works from another terminal in this clone: the CLI's default server is :8787.
    const cli = port === DEFAULT_PORT ? 'npx share ./index.html' : `SHARE_SERVER=http://localhost:${port} npx share ./index.html`;
    process.stdout.write(`\nshare is listening on http://localhost:${port}\n  shares are served at http://<id>.localhost:${port}/\n  share something: ${cli}\n\n`);
  }
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => dev.kill(sig));
dev.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
