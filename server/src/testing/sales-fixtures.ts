import { randomBytes } from 'node:crypto';
import { normalizeCompanyName } from '@wesale/shared';
import { createTokenService } from '../infra/auth';
import { Customer } from '../modules/customers/customer.entity';
import { CustomerFollower } from '../modules/customers/customer-follower.entity';
import { CustomerAccount } from '../modules/identity/customer-account.entity';
import { User } from '../modules/identity/user.entity';
import { addStaff } from './crm-fixtures';
import { apiClient, loginAs, type ApiClient } from './http';
import { startTestServer, type TestServer } from './test-server';

/**
 * A mini-program customer signed in and bound to a customer company, as a converted lead's account is.
 * The WeChat login itself is covered by wechat-login.spec.ts; here the account row is made directly.
 */
export async function customerSession(server: TestServer, customerId: string, displayName = '微信客户'): Promise<{ accountId: string; token: string }> {
  const { identifiers } = await server.dataSource.getRepository(CustomerAccount).insert({
    openid: `openid-${randomBytes(6).toString('hex')}`,
    displayName,
    customerId,
    leadId: null,
    active: true,
  });
  const accountId = String(identifiers[0].id);
  const tokens = createTokenService({ secret: server.config.jwtSecret, ttlSeconds: server.config.jwtTtlSeconds });
  return { accountId, token: tokens.issue({ kind: 'customer', id: accountId, leadId: null }).token };
}

export interface CustomerRow {
  name: string;
  /** Username of the owning rep; null = in the public pool. The customer takes the owner's team. */
  owner: string | null;
  grade?: string;
  paymentTermsDays?: number;
  creditLimitFen?: number;
  /** Usernames of reps who follow the customer besides its owner. */
  followers?: string[];
}

/** Inserts a customer row (the customers API is another module's): owner, team, grade and terms as given. */
export async function insertCustomer(server: TestServer, row: CustomerRow): Promise<string> {
  const users = server.dataSource.getRepository(User);
  const owner = row.owner ? await users.findOneByOrFail({ username: row.owner }) : null;
  const { identifiers } = await server.dataSource.getRepository(Customer).insert({
    name: row.name,
    nameNormalized: normalizeCompanyName(row.name),
    grade: row.grade ?? 'new',
    paymentTermsDays: row.paymentTermsDays ?? 0,
    creditLimitFen: row.creditLimitFen ?? 0,
    ownerId: owner?.id ?? null,
    teamId: owner?.teamId ?? null,
    ownedSince: owner ? new Date() : null,
  });
  const customerId = String(identifiers[0].id);
  for (const username of row.followers ?? []) {
    const follower = await users.findOneByOrFail({ username });
    await server.dataSource.getRepository(CustomerFollower).insert({ customerId, userId: follower.id });
  }
  return customerId;
}

export interface SalesStaff {
  server: TestServer;
  api: ApiClient;
  /** Demo users by username, plus manager2 and rep3 of a second team (华南销售组). */
  tokens: Record<string, string>;
  userIds: Record<string, string>;
}

/** A fresh server with every demo user signed in and a second team, for the team and ownership cases of sales specs. */
export async function startSalesServer(): Promise<SalesStaff> {
  const server = await startTestServer();
  const api = apiClient(server.url);
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  for (const username of ['admin', 'manager', 'rep1', 'rep2', 'finance', 'warehouse']) tokens[username] = await loginAs(server, username);
  tokens.manager2 = (await addStaff(server, 'manager2', 'manager', '华南销售组')).token;
  tokens.rep3 = (await addStaff(server, 'rep3', 'rep', '华南销售组')).token;
  for (const user of await server.dataSource.getRepository(User).find()) userIds[user.username] = user.id;
  return { server, api, tokens, userIds };
}
