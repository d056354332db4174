#!/usr/bin/env node
// The `coverage-bot` command. The sources are TypeScript run through tsx's loader, so a
// clean clone needs no build step: `npm ci` is the whole set-up.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
