import type { EntityManager } from 'typeorm';
import type { Actor } from '../../infra/actor';
import { conflict, forbidden, notFound } from '../../infra/errors';
import { selectEntities } from '../../infra/raw-sql';
import { scopeCustomersSql } from '../../infra/visibility';
import { Customer } from '../customers/customer.entity';
import { CustomerAccount } from '../identity/customer-account.entity';

/** Who a new sales document is for and who is responsible for it. */
export interface DocumentParty {
  customer: Customer;
  ownerId: string | null;
  teamId: string | null;
}

/**
 * Resolves the customer of a new document for the caller: staff need to see the customer (a rep: own or
 * followed) and it must not sit in the pool; a customer account orders for the company it is bound to.
 */
export async function documentParty(em: EntityManager, actor: Actor, customerId?: string | null): Promise<DocumentParty> {
  if (actor.kind === 'customer') {
    const account = await em.findOneBy(CustomerAccount, { id: actor.id });
    if (!account?.customerId) throw conflict('您的账号尚未关联客户，请联系您的销售顾问');
    if (customerId && customerId !== account.customerId) throw notFound('客户');
    const customer = await em.findOneByOrFail(Customer, { id: account.customerId });
    return { customer, ownerId: customer.ownerId, teamId: customer.teamId };
  }
  if (actor.kind !== 'staff') throw forbidden();
  if (!customerId) throw notFound('客户');
  // Hand-written (infra/raw-sql): it runs for every order, quote and contract.
  const scope = scopeCustomersSql('c', actor, 'read');
  const [customer] = await selectEntities(em, Customer, `SELECT c.* FROM customers c WHERE c.id = ?${scope.and}`, [customerId, ...scope.params]);
  if (!customer) throw notFound('客户');
  if (customer.ownerId === null) throw conflict('该客户在公海中，请先领取再开单');
  if (actor.role === 'rep') return { customer, ownerId: actor.id, teamId: actor.teamId };
  return { customer, ownerId: customer.ownerId, teamId: customer.teamId ?? actor.teamId };
}
