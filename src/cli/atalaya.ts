// Entry point of the `atalaya` command (bin/atalaya.js and `npm start` run this file).
import { runCli } from './main.ts';

// A reader that stops early (`atalaya export | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2));
