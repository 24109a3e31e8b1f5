#!/usr/bin/env node
// The `atalaya` command. Atalaya runs its TypeScript directly through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/atalaya.ts');
