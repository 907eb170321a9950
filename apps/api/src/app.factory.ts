import 'reflect-metadata';
import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import type { ValidationError } from 'class-validator';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import { PasswordService } from './common/auth/password.service.js';
import { BadInputException } from './common/errors/domain.exception.js';
import { sendFavicon } from './common/http/favicon.js';
import { answerBrokenRequests } from './common/http/client-error.js';
import { graphqlBody } from './common/http/graphql-body.js';
import { securityHeaders } from './common/http/security-headers.js';
import { serveGraphqlExplorer } from './common/http/graphql-explorer.js';
import { adminDistDir, serveAdmin } from './common/http/serve-admin.js';
import { PinoNestLogger } from './common/logging/logger.js';
import { requestLogger } from './common/logging/request-logger.middleware.js';
import type { AppConfig } from './config/config.js';
import { DEMO_PASSWORD, seedDemo } from './database/seeds/demo.seed.js';
import { seedDemoDatasets } from './database/seeds/demo-datasets.seed.js';
import { demoStoryTold, markDemoStoryTold } from './database/seeds/demo-told.js';
import { DataSource } from 'typeorm';
import { LedgerService } from './modules/ledger/ledger.service.js';
import { SYSTEM_ACTOR } from './modules/ledger/ledger-actor.js';

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}),
    ...describe(e.children ?? [], `${prefix}${e.property}.`),
  ]);
}

/** Builds the configured Nest application (not yet listening); used by main and the e2e tests. */
export async function createApp(config: AppConfig, logger: Logger): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    // Uploads stream their bodies to storage: only GraphQL gets a (small) parsed JSON body.
    bodyParser: false,
  });
  // Which proxies' X-Forwarded-For to believe for req.ip (the per-IP sign-in limit, logs); none by default.
  app.set('trust proxy', config.trustProxy);
  // No ETag on API responses (GraphQL answers are no-store; hashing each body cost CPU); static files keep theirs.
  app.set('etag', false);
  app.use(requestLogger(logger));
  app.use(securityHeaders());
  app.use('/graphql', ...graphqlBody());
  if (!config.production) serveGraphqlExplorer(app);
  // The admin app (apps/admin, built) at /admin; mounted before init(), where Nest adds its 404 handler.
  const adminServed = serveAdmin(app, adminDistDir());
  const http = app.getHttpAdapter().getInstance();
  if (adminServed) http.get('/', (_req: Request, res: Response) => res.redirect(302, '/admin/'));
  for (const path of ['/favicon.ico', '/favicon.svg']) http.get(path, sendFavicon);
  app.useGlobalPipes(
    new ValidationPipe({
      transform: true,
      whitelist: true,
      stopAtFirstError: false,
      exceptionFactory: (errors) => new BadInputException(describe(errors).join('; ') || 'the input is not valid'),
    }),
  );
  // An embedded folder whose demo story is complete (demo-told.ts) needs no seed at all.
  const seed = config.seedDemo && !(config.nodeEnv !== 'test' && demoStoryTold(config));
  // The demo password's scrypt hash (~0.1 s in libuv's threads) is computed while the app initialises.
  const passwords = app.get(PasswordService);
  const demoHash = seed ? passwords.hash(DEMO_PASSWORD) : null;
  demoHash?.catch(() => undefined);
  await app.init();
  answerBrokenRequests(app.getHttpServer(), logger);
  if (seed) {
    const ledger = app.get(LedgerService);
    const created = await seedDemo(
      app.get(DataSource),
      (p) => (p === DEMO_PASSWORD && demoHash ? demoHash : passwords.hash(p)),
      async (manager, user, organization) => {
        await ledger.append(manager, {
          action: 'account.registered',
          actor: SYSTEM_ACTOR,
          subject: { type: 'Organization', id: organization.id },
          data: { userId: user.id, role: user.role, kind: organization.kind, organizationName: organization.name, demo: true },
        });
      },
    );
    if (created.length > 0) logger.info({ created }, 'demo accounts seeded');
    // Demo listings from fixtures/corpus (not in tests, which count their own data).
    if (config.nodeEnv !== 'test') {
      const listed = await seedDemoDatasets(app, logger, undefined, () => markDemoStoryTold(config));
      if (listed.length > 0) logger.info({ listed }, 'demo datasets seeded');
    }
  }
  return app;
}
