#!/usr/bin/env tsx
// The data CLI as a script (nx data:fetch / data:verify); the runner mounts the same command as `fpb data`.
import { dataCommand } from './cli';

dataCommand()
  .parseAsync(process.argv)
  .catch((e: Error) => {
    console.error(`error: ${e.message}`);
    process.exit(1);
  });
