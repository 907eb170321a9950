import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './database/seeds/demo.seed.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { createLogger } from './common/logging/logger.js';
import { createApp } from './app.factory.js';

function fail(message: string): never {
  process.stderr.write(`eastlake: ${message}\n`);
  process.exit(1);
}

function banner(config: AppConfig, url: string, ms: number, adminServed: boolean): string {
  const lines = [
    '',
    `EastLake is running in ${ms} ms — ${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite (${config.dataDir})`}`,
    `  GraphQL   ${url}/graphql`,
    ...(adminServed ? [`  Admin     ${url}/admin`] : []),
    `  Health    ${url}/healthz`,
  ];
  if (config.seedDemo) {
    lines.push(`  Demo accounts (password "${DEMO_PASSWORD}"):`);
    for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.role.padEnd(10)} ${a.email}`);
  }
  return lines.join('\n') + '\n\n';
}

async function main(): Promise<void> {
  const started = Date.now();
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  const logger = createLogger(config.logLevel);
  let app;
  try {
    app = await createApp(config, logger);
    await app.listen(config.port, config.host);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    fail(`could not start: ${message.split('\n')[0]}`);
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const adminServed = (await fetch(`http://127.0.0.1:${port}/admin/`).catch(() => null))?.ok ?? false;
  process.stdout.write(banner(config, `http://localhost:${port}`, Date.now() - started, adminServed));
}

void main();
