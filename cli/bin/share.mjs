#!/usr/bin/env node
// The `share` command: the whole CLI is one bundled file (npm run build:cli), shipped in this package.
import "../dist/share.mjs";
