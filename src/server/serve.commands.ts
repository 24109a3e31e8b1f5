import { serve } from '@hono/node-server';
import { Command, Option } from 'commander';
import type { CommandContext } from '../setup/command-context.ts';
import { loadDemo, readDemoInfo } from '../setup/demo-setup.ts';
import { positiveInt } from '../setup/setup.commands.ts';
import { lazyLiveCube } from '../analytics/analytics.store.ts';
import { createApp } from './app.ts';
import { defaultWebAppFolder, WebAppFiles } from './web-app.routes.ts';
import { OPENAPI_INFO } from './openapi-info.ts';
import { createLogger, LOG_LEVELS, type LogLevel } from './pino-logger.ts';
import { SERVER_LIMITS } from './request-limits.ts';

interface ServeOptions {
  port: number;
  host: string;
  demo?: boolean;
  adminToken?: string;
  logLevel: LogLevel;
  trustProxy?: boolean;
}

export function serveCommands(ctx: CommandContext): Command[] {
  const command = new Command('serve')
    .description('serve the API (and the web app) over HTTP')
    .addOption(new Option('--port <port>', 'TCP port').argParser(positiveInt).env('PORT').default(8080))
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--demo', 'load the synthetic demo data first if the store does not have it yet')
    .addOption(
      new Option(
        '--admin-token <token>',
        'operator token: requests bearing it act as an administrator of everything (people sign in with accounts: `atalaya user add`)',
      ).env('ATALAYA_ADMIN_TOKEN'),
    )
    .addOption(
      new Option('--log-level <level>', 'least severe level logged (JSON lines on stdout)')
        .choices(LOG_LEVELS)
        .env('ATALAYA_LOG_LEVEL')
        .default('info'),
    )
    .option(
      '--trust-proxy',
      'behind a load balancer: trust its X-Forwarded-For and X-Forwarded-Proto (HSTS, client addresses)',
    )
    .action(async (options: ServeOptions) => {
      const logger = createLogger({ level: options.logLevel });
      const store = await ctx.store();
      if (options.demo === true && (await readDemoInfo(store.db)) === undefined) {
        ctx.err.write('First start: loading the synthetic demo data (generated, not official statistics)…\n');
        let bar: ReturnType<CommandContext['progress']> | undefined;
        await loadDemo(store, {
          onStart: (total) => {
            bar = ctx.progress('Loading demo values', total);
          },
          onProgress: (rows) => bar?.update(rows),
          by: { actor: ctx.actor, origin: 'cli' },
        });
        bar?.stop();
      }
      // The server never holds its event loop long on a write lock another process (an import) has.
      if (store.dialect === 'sqlite') store.sqlite.pragma('busy_timeout = 250');
      // The cube is read while the server starts listening: pages and raw data answer at once,
      // the first analytics query waits for the cube (then every query is as fast as the rest).
      const analytics = lazyLiveCube(store);
      const started = performance.now();
      void analytics().then(
        (live) =>
          ctx.err.write(
            `Analytics cube ready: ${live.cellCount.toLocaleString('en')} cells in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
          ),
        (error: unknown) =>
          ctx.err.write(
            `Analytics cube not loaded (it will be tried again at the first query): ${String(error)}\n`,
          ),
      );
      const webApp = new WebAppFiles(defaultWebAppFolder());
      if (!webApp.built)
        ctx.err.write(
          `The web app is not built (${webApp.folder}): run \`npm run build\`; / shows a plain page.\n`,
        );
      const app = createApp({
        store,
        analytics,
        version: OPENAPI_INFO.info.version,
        logger,
        trustProxy: options.trustProxy === true,
        webApp,
        ...(options.adminToken === undefined ? {} : { adminToken: options.adminToken }),
      });
      const server = serve({
        fetch: app.fetch,
        port: options.port,
        hostname: options.host,
        serverOptions: { ...SERVER_LIMITS },
      });
      await new Promise<void>((resolve, reject) => {
        server.once('listening', resolve);
        server.once('error', reject);
      });
      ctx.out.write(
        `Atalaya is serving ${store.location} (${store.dialect}) on http://${options.host}:${options.port}/\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          ctx.err.write('Stopping…\n');
          server.close(() => resolve());
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
  return [command];
}
