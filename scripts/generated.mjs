// Checked-in generated files (the CLI bundle, the web assets module) must match what their
// sources build: `--check` runs in CI and fails with the command that fixes it.
import { readFileSync } from 'node:fs';

export function checkGenerated(outfile, built, rebuildCommand) {
  let current = '';
  try { current = readFileSync(outfile, 'utf8'); } catch { /* missing */ }
  if (built !== current) {
    console.error(`${outfile} is out of date: run \`${rebuildCommand}\` and commit it.`);
    process.exit(1);
  }
  console.log(`${outfile} is current.`);
}
