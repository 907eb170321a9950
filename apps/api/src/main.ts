import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { DataDirLock, DataDirLockedError } from './database/data-dir-lock.js';
import { migrations } from './database/migrations/index.js';
import { demoTargetOf, stageTemplate } from './database/pglite-template.js';
// Only light modules above: the application's (Nest, TypeORM, Apollo, …) load below, while a
// first embedded start's template copy runs beside them.

function fail(message: string): never {
  process.stderr.write(`eastlake: ${message}\n`);
  process.exit(1);
}

function banner(
  config: AppConfig,
  url: string,
  ms: number,
  adminServed: boolean,
  demo: { accounts: ReadonlyArray<{ role: string; email: string }>; password: string },
): string {
  const lines = [
    '',
    `EastLake is running in ${ms} ms — ${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite (${config.dataDir})`}`,
    `  GraphQL   ${url}/graphql${config.production ? '' : ' (open it in a browser for the explorer)'}`,
    ...(adminServed ? [`  Admin     ${url}/admin`] : []),
    `  Health    ${url}/healthz`,
  ];
  if (config.seedDemo) {
    lines.push(`  Demo accounts (password "${demo.password}"):`);
    for (const a of demo.accounts) lines.push(`    ${a.role.padEnd(10)} ${a.email}`);
  }
  return lines.join('\n') + '\n\n';
}

/**
 * SIGTERM/SIGINT: one line, a graceful close (requests, jobs, database, the data folder's
 * lock), another line. A signal during start-up closes the app as soon as it exists.
 * @returns a function to call with the app once it listens; true when it is stopping already.
 */
function stopOn(logger: Logger): (app: INestApplication) => boolean {
  let app: INestApplication | undefined;
  let requested: NodeJS.Signals | undefined;
  const close = (signal: NodeJS.Signals, target: INestApplication) => {
    logger.info({ signal }, `${signal} received: shutting down`);
    const started = Date.now();
    target.close().then(
      () => {
        logger.info({ ms: Date.now() - started }, 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'could not shut down cleanly');
        process.exit(1);
      },
    );
  };
  const stop = (signal: NodeJS.Signals) => {
    if (requested) {
      logger.warn({ signal }, `${signal} again: exiting now`);
      process.exit(1);
    }
    requested = signal;
    if (app) close(signal, app);
    else logger.info({ signal }, `${signal} received while starting: stopping once started`);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return (created) => {
    app = created;
    if (requested) close(requested, created);
    return requested !== undefined;
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  if (!config.databaseUrl && config.dataDir !== 'memory://') {
    const holder = DataDirLock.liveHolder(config.dataDir);
    if (holder !== null) fail(new DataDirLockedError(config.dataDir, holder).message);
  }
  // A first embedded start: the template (the demo one when it fits) is copied in a thread while the modules load.
  const staged = config.databaseUrl || config.dataDir === 'memory://' ? Promise.resolve(false) : stageTemplate(join(config.dataDir, 'pgdata'), migrations.map((m) => m.name), undefined, demoTargetOf(config));
  const [{ createLogger }, { createApp }, { adminBuilt }, { DEMO_ACCOUNTS, DEMO_PASSWORD }] = await Promise.all([
    import('./common/logging/logger.js'),
    import('./app.factory.js'),
    import('./common/http/serve-admin.js'),
    import('./database/seeds/demo.seed.js'),
  ]);
  await staged;
  const logger = createLogger(config.logLevel);
  const listening = stopOn(logger);
  let app;
  try {
    app = await createApp(config, logger);
    await app.listen(config.port, config.host);
  } catch (error) {
    if (error instanceof DataDirLockedError) fail(error.message);
    const message = error instanceof Error ? error.message : String(error);
    fail(`could not start: ${message.split('\n')[0]}`);
  }
  if (listening(app)) return;
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  process.stdout.write(banner(config, `http://localhost:${port}`, Date.now() - started, adminBuilt(), { accounts: DEMO_ACCOUNTS, password: DEMO_PASSWORD }));
}

void main();
