import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { App } from 'supertest/types.js';
import { createApp } from '../../src/app.factory.js';
import { createLogger } from '../../src/common/logging/logger.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } & Record<string, unknown> }>;
}

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  dataSource: DataSource;
  http: () => ReturnType<typeof request>;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

/**
 * Boots the real application on a real database: PostgreSQL when DATABASE_URL is set
 * (each test file in a schema of its own, dropped at the end), otherwise an in-memory
 * PGlite. Scrypt runs at its lowest cost to keep the suite quick; nothing else is faked.
 */
export async function createTestApp(env: Record<string, string> = {}, options: { logger?: Logger } = {}): Promise<TestApp> {
  // In-process classification unless a test asks for the Redis queue.
  const { REDIS_URL: _redis, ...base } = process.env;
  const config = loadConfig({
    ...base,
    NODE_ENV: 'test',
    EASTLAKE_DATA_DIR: 'memory://',
    SCRYPT_COST: '1024',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'true',
    ...env,
  });
  let schema: string | undefined;
  if (config.databaseUrl) {
    schema = `e2e_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: config.databaseUrl });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    config.databaseSchema = schema;
  }
  const app = await createApp(config, options.logger ?? createLogger(config.logLevel));
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as App;
  const http = () => request(server);
  return {
    app,
    config,
    dataSource: app.get(DataSource),
    http,
    async gql<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>> {
      const req = http().post('/graphql').set('content-type', 'application/json');
      if (token) req.set('authorization', `Bearer ${token}`);
      const res = await req.send({ query, variables });
      return { status: res.status, ...(res.body as Omit<GqlResult<T>, 'status'>) };
    },
    async close() {
      await app.close();
      if (schema && config.databaseUrl) {
        const client = new pg.Client({ connectionString: config.databaseUrl });
        await client.connect();
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
        await client.end();
      }
    },
  };
}

/** The error code of the first error, for terse assertions. */
export function codeOf(result: GqlResult): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}
