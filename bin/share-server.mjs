#!/usr/bin/env node
// The `share-server` command: runs server/node.ts (TypeScript) through tsx's loader, so a fresh
// clone needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../server/node.ts');
