import 'reflect-metadata';
import { existsSync } from 'node:fs';
import Koa from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import serve from 'koa-static';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Config } from './infra/config';
import type { KeyValueStore } from './infra/kv';
import type { Logger } from './infra/logger';
import { createTokenService } from './infra/auth';
import type { AppState } from './infra/http/context';
import { errorMiddleware } from './infra/http/error-middleware';
import { buildOpenApi } from './infra/http/openapi';
import { requestContext } from './infra/http/request-context';
import { ApiRouter } from './infra/http/route';
import { createWechatClient, type WechatClient } from './infra/wechat-client';
import { ApprovalsService } from './modules/approvals/approvals.service';
import { approvalRoutes } from './modules/approvals/approvals.routes';
import { botRoutes } from './modules/bot/bot.routes';
import { healthRoutes } from './modules/health/health.routes';
import { IdentityService } from './modules/identity/identity.service';
import { identityRoutes } from './modules/identity/identity.routes';
import { LeadsService } from './modules/leads/leads.service';
import { leadRoutes } from './modules/leads/leads.routes';
import { ProductsService } from './modules/products/products.service';
import { productRoutes } from './modules/products/products.routes';
import { UsersService } from './modules/identity/users.service';
import { SettingsService } from './modules/settings/settings.service';
import { settingsRoutes } from './modules/settings/settings.routes';

z.config(z.locales.zhCN());

export interface AppDeps {
  config: Config;
  dataSource: DataSource;
  kv: KeyValueStore;
  logger: Logger;
  wechat?: WechatClient;
}

const JSON_BODY_LIMIT = '1mb';

/** Builds the Koa app without listening: main.ts and the tests both call it. */
export function createApp(deps: AppDeps) {
  const { config, dataSource, kv, logger } = deps;
  const tokens = createTokenService({ secret: config.jwtSecret, ttlSeconds: config.jwtTtlSeconds, botServiceToken: config.botServiceToken });
  const wechat = deps.wechat ?? createWechatClient({ ...config.wechat, logger: logger.child({ module: 'wechat' }) });

  const users = new UsersService(dataSource);
  const settings = new SettingsService(dataSource);
  const approvals = new ApprovalsService(dataSource, users);
  const leads = new LeadsService(dataSource);
  const products = new ProductsService(dataSource);
  const identity = new IdentityService(dataSource, tokens, wechat, leads, kv, logger.child({ module: 'identity' }));

  const api = new ApiRouter('/api/v1', { tokens, kv }).add(
    ...identityRoutes(identity),
    ...productRoutes(products),
    ...leadRoutes(leads),
    ...botRoutes(leads),
    ...settingsRoutes(settings),
    ...approvalRoutes(approvals),
  );
  const root = new ApiRouter('', { tokens, kv }).add(...healthRoutes(dataSource, kv));

  const openApiDocument = buildOpenApi([...root.definitions, ...api.definitions], { version: '0.1.0' });
  const docs = new Router<AppState>();
  docs.get('/api/openapi.json', (ctx) => {
    ctx.body = openApiDocument;
  });

  const app = new Koa<AppState>({ proxy: config.trustProxy });
  app.use(requestContext(logger));
  app.use(errorMiddleware());
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: JSON_BODY_LIMIT, encoding: 'utf-8' }));
  for (const router of [root.router, docs, api.router]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  if (!existsSync(config.h5Dir)) logger.warn({ h5Dir: config.h5Dir }, 'no H5 build yet: run `npm run build:h5 -w @wesale/miniprogram`');
  app.use(serve(config.h5Dir, { index: 'index.html', maxage: 0 }));
  return Object.assign(app, { routeDefinitions: [...root.definitions, ...api.definitions], openApiDocument });
}
