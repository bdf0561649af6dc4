import 'reflect-metadata';
import { existsSync } from 'node:fs';
import Koa from 'koa';
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
import { apiDocsRouter } from './infra/http/api-docs';
import { buildOpenApi } from './infra/http/openapi';
import { requestContext } from './infra/http/request-context';
import { ApiRouter } from './infra/http/route';
import { Idempotency } from './infra/idempotency';
import { createWechatClient, type WechatClient } from './infra/wechat-client';
import { createSmsClient } from './infra/sms-client';
import { ApprovalsService } from './modules/approvals/approvals.service';
import { approvalRoutes } from './modules/approvals/approvals.routes';
import { botRoutes } from './modules/bot/bot.routes';
import { ContractsService } from './modules/contracts/contracts.service';
import { contractRoutes } from './modules/contracts/contracts.routes';
import { CustomersService } from './modules/customers/customers.service';
import { customerRoutes } from './modules/customers/customers.routes';
import { DuplicatesService } from './modules/customers/duplicates.service';
import { PoolRulesService } from './modules/customers/pool-rules.service';
import { FollowUpsService } from './modules/follow-ups/follow-ups.service';
import { followUpRoutes } from './modules/follow-ups/follow-ups.routes';
import { healthRoutes } from './modules/health/health.routes';
import { IdentityService } from './modules/identity/identity.service';
import { ExportsService } from './modules/imports/exports.service';
import { ImportsService } from './modules/imports/imports.service';
import { importRoutes } from './modules/imports/imports.routes';
import { identityRoutes } from './modules/identity/identity.routes';
import { SmsLoginService } from './modules/identity/sms-login.service';
import { smsLoginRoutes } from './modules/identity/sms-login.routes';
import { StaffAdminService } from './modules/identity/staff-admin.service';
import { StaffSessions } from './modules/identity/staff-sessions';
import { teamRoutes } from './modules/identity/teams.routes';
import { userRoutes } from './modules/identity/users.routes';
import { LeadsService } from './modules/leads/leads.service';
import { leadRoutes } from './modules/leads/leads.routes';
import { MpCallbackService } from './modules/wechat-mp/mp-callback.service';
import { mpCallbackRoutes } from './modules/wechat-mp/mp-callback.routes';
import { OpportunitiesService } from './modules/opportunities/opportunities.service';
import { opportunityRoutes } from './modules/opportunities/opportunities.routes';
import { StageTemplatesService } from './modules/opportunities/stage-templates.service';
import { ProductsService } from './modules/products/products.service';
import { DocumentNumbers } from './modules/sales/document-numbers';
import { PriceRules } from './modules/sales/price-rules';
import { QuotesService } from './modules/quotes/quotes.service';
import { quoteRoutes } from './modules/quotes/quotes.routes';
import { salesRoutes } from './modules/sales/sales.routes';
import { productRoutes } from './modules/products/products.routes';
import { UsersService } from './modules/identity/users.service';
import { SettingsService } from './modules/settings/settings.service';
import { settingsRoutes } from './modules/settings/settings.routes';
import { StockService } from './modules/stock/stock.service';
import { OrderBillingService } from './modules/orders/order-billing';
import { OrdersService } from './modules/orders/orders.service';
import { orderRoutes } from './modules/orders/orders.routes';
import { ShipmentsService } from './modules/shipments/shipments.service';
import { shipmentRoutes } from './modules/shipments/shipments.routes';
import { stockRoutes } from './modules/stock/stock.routes';
import { StocktakesService } from './modules/stock/stocktakes.service';
import { WarehousesService } from './modules/stock/warehouses.service';

z.config(z.locales.zhCN());

export interface AppDeps {
  config: Config;
  dataSource: DataSource;
  kv: KeyValueStore;
  logger: Logger;
  wechat?: WechatClient;
  /** The time as the app sees it (SMS code expiry); tests move it instead of waiting. */
  clock?: () => Date;
}

const JSON_BODY_LIMIT = '1mb';

export type AppServices = ReturnType<typeof createApp>['services'];

/** Builds the Koa app without listening: main.ts and the tests both call it. */
export function createApp(deps: AppDeps) {
  const { config, dataSource, kv, logger } = deps;
  const staffSessions = new StaffSessions(dataSource);
  const tokens = createTokenService({ secret: config.jwtSecret, ttlSeconds: config.jwtTtlSeconds, botServiceToken: config.botServiceToken, staffSessions });
  const wechat = deps.wechat ?? createWechatClient({ ...config.wechat, logger: logger.child({ module: 'wechat' }) });

  const users = new UsersService(dataSource);
  const settings = new SettingsService(dataSource);
  const approvals = new ApprovalsService(dataSource, users);
  const duplicates = new DuplicatesService(dataSource, users);
  const customers = new CustomersService(dataSource, users, settings, approvals, duplicates);
  const followUps = new FollowUpsService(dataSource, users, customers);
  const poolRules = new PoolRulesService(dataSource, settings);
  const leads = new LeadsService(dataSource, { users, settings, approvals, duplicates, customers });
  const stageTemplates = new StageTemplatesService(dataSource);
  const opportunities = new OpportunitiesService(dataSource, users, settings, approvals, stageTemplates);
  const identity = new IdentityService(dataSource, tokens, wechat, leads, kv, logger.child({ module: 'identity' }), staffSessions);
  const smsLogin = new SmsLoginService({
    dataSource,
    kv,
    tokens,
    identity,
    sms: createSmsClient({ ...config.sms, logger: logger.child({ module: 'sms' }) }),
    logger: logger.child({ module: 'sms-login' }),
    hashKey: config.jwtSecret,
    production: config.env === 'production',
    now: deps.clock,
  });
  const staffAdmin = new StaffAdminService(dataSource, staffSessions);
  const imports = new ImportsService(dataSource, { users, settings, customers, leads, logger: logger.child({ module: 'imports' }) });
  const exporter = new ExportsService(dataSource, { settings, customers, leads });
  const documentNumbers = new DocumentNumbers(dataSource, kv);
  const priceRules = new PriceRules(dataSource, settings);
  const quotes = new QuotesService(dataSource, { users, settings, approvals, priceRules, documentNumbers });
  const contracts = new ContractsService(dataSource, { users, settings, approvals, priceRules, documentNumbers });
  const products = new ProductsService(dataSource, priceRules);
  const warehouses = new WarehousesService(dataSource);
  const stock = new StockService(dataSource, users);
  const orders = new OrdersService(dataSource, { priceRules, documentNumbers, approvals, stock, contracts });
  const shipments = new ShipmentsService(dataSource, { documentNumbers, stock, orders });
  const billing = new OrderBillingService(dataSource, { orders, shipments, stock, documentNumbers });
  const stocktakes = new StocktakesService(dataSource, users, stock, approvals);
  approvals.register('stocktake', stocktakes.approvalHandler());

  const idempotency = new Idempotency(dataSource, kv, logger.child({ module: 'idempotency' }), { crashAfterCommitRoute: config.testCrashAfterCommit });
  const api = new ApiRouter('/api/v1', { tokens, idempotency }).add(
    // Before leadRoutes and customerRoutes: `/leads/:id` and `/customers/:id` would take `export`, `import-template`.
    ...importRoutes(imports, exporter),
    ...identityRoutes(identity),
    ...smsLoginRoutes(smsLogin),
    ...userRoutes(staffAdmin, identity),
    ...teamRoutes(staffAdmin),
    ...productRoutes(products),
    ...leadRoutes(leads),
    ...botRoutes(leads),
    ...settingsRoutes(settings),
    ...approvalRoutes(approvals),
    ...opportunityRoutes(opportunities, stageTemplates),
    ...customerRoutes(customers),
    ...followUpRoutes(followUps),
    ...salesRoutes(priceRules),
    ...quoteRoutes(quotes),
    ...contractRoutes(contracts),
    ...stockRoutes(warehouses, stock, stocktakes),
    ...orderRoutes(orders, billing),
    ...shipmentRoutes(shipments),
  );
  const mpCallback = new MpCallbackService(dataSource, { token: config.wechat.mpToken, aesKey: config.wechat.mpAesKey, appId: config.wechat.mpAppId });
  const root = new ApiRouter('', { tokens, idempotency }).add(...healthRoutes(dataSource, kv), ...mpCallbackRoutes(mpCallback));

  const openApiDocument = buildOpenApi([...root.definitions, ...api.definitions], { version: '0.1.0' });
  const docs = apiDocsRouter(openApiDocument);

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
  const services = { poolRules, settings, approvals, users, priceRules, documentNumbers, contracts, stock, quotes, orders, shipments, idempotency };
  return Object.assign(app, { routeDefinitions: [...root.definitions, ...api.definitions], openApiDocument, services });
}
