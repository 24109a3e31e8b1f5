// Entry point of the `atalaya` command (bin/atalaya.js and `npm start` run this file).
import { runCli } from './main.ts';

process.exitCode = await runCli(process.argv.slice(2));
