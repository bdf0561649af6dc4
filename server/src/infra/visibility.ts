import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Actor } from './actor';
import { forbidden } from './errors';

/**
 * Data permissions, in one place, as query conditions: every finder of a CRM record goes through these,
 * single-record reads included, so a record the caller may not see is simply not found (404).
 *
 * - admin: everything
 * - manager: their team's records, and the unowned ones (the pool)
 * - rep: what they own or follow, and the unowned ones (to claim them)
 * - finance / warehouse: read customers only
 */
export type Access = 'read' | 'write';

let seq = 0;
const param = (name: string) => `${name}_${(seq = (seq + 1) % 1_000_000)}`;

/** A scope for hand-written SQL: `WHERE o.id = ?${scope.and}` — empty, or ` AND (…)` — with its `?` parameters in order. */
export interface SqlScope {
  and: string;
  params: unknown[];
}

/** Renders a parameter of a condition: a named one for the query builder, `?` for hand-written SQL. */
type Bind = (value: unknown) => string;

/** The condition rendered for a query builder. */
function andWhere<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, condition: (bind: Bind) => string | null): SelectQueryBuilder<T> {
  const parameters: Record<string, unknown> = {};
  const sql = condition((value) => {
    const name = param('p');
    parameters[name] = value;
    return `:${name}`;
  });
  return sql === null ? qb : qb.andWhere(sql, parameters);
}

/** The condition rendered for hand-written SQL. */
function positional(condition: (bind: Bind) => string | null): SqlScope {
  const params: unknown[] = [];
  const sql = condition((value) => {
    params.push(value);
    return '?';
  });
  return { and: sql === null ? '' : ` AND (${sql})`, params };
}

function customersCondition(alias: string, actor: Actor, access: Access, bind: Bind): string | null {
  if (actor.kind !== 'staff') throw forbidden();
  switch (actor.role) {
    case 'admin':
      return null;
    case 'manager':
      return `(${alias}.teamId = ${bind(actor.teamId ?? '0')} OR ${alias}.ownerId IS NULL)`;
    case 'rep':
      return access === 'write'
        ? `(${alias}.ownerId = ${bind(actor.id)} OR ${alias}.ownerId IS NULL)`
        : `(${alias}.ownerId = ${bind(actor.id)} OR ${alias}.ownerId IS NULL OR EXISTS (SELECT 1 FROM customer_followers cf WHERE cf.customerId = ${alias}.id AND cf.userId = ${bind(actor.id)}))`;
    case 'finance':
    case 'warehouse':
      if (access === 'write') throw forbidden('您的角色只能查看客户');
      return null;
  }
}

export function scopeCustomers<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, actor: Actor, access: Access) {
  return andWhere(qb, (bind) => customersCondition(alias, actor, access, bind));
}

/** scopeCustomers for hand-written SQL. */
export function scopeCustomersSql(alias: string, actor: Actor, access: Access): SqlScope {
  return positional((bind) => customersCondition(alias, actor, access, bind));
}

export function scopeLeads<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, actor: Actor, access: Access) {
  if (actor.kind !== 'staff') throw forbidden();
  const me = param('me');
  const team = param('team');
  switch (actor.role) {
    case 'admin':
      return qb;
    case 'manager':
      return qb.andWhere(
        `(${alias}.ownerId IS NULL OR ${alias}.ownerId IN (SELECT tu.id FROM users tu WHERE tu.teamId = :${team}))`,
        { [team]: actor.teamId ?? '0' },
      );
    case 'rep':
      return qb.andWhere(`(${alias}.ownerId = :${me} OR ${alias}.ownerId IS NULL)`, { [me]: actor.id });
    default:
      throw forbidden(access === 'read' ? '您的角色无权查看线索' : '您的角色无权修改线索');
  }
}

export function scopeOpportunities<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, actor: Actor, access: Access) {
  if (actor.kind !== 'staff') throw forbidden();
  const me = param('me');
  const team = param('team');
  switch (actor.role) {
    case 'admin':
      return qb;
    case 'manager':
      return qb.andWhere(`${alias}.teamId = :${team}`, { [team]: actor.teamId ?? '0' });
    case 'rep':
      return access === 'write'
        ? qb.andWhere(`${alias}.ownerId = :${me}`, { [me]: actor.id })
        : qb.andWhere(
            `(${alias}.ownerId = :${me} OR EXISTS (SELECT 1 FROM opportunity_members om WHERE om.opportunityId = ${alias}.id AND om.userId = :${me}))`,
            { [me]: actor.id },
          );
    default:
      throw forbidden('您的角色无权查看商机');
  }
}

/**
 * Sales documents (quotes, contracts, orders, shipments) carry customerId, ownerId and teamId:
 * - customer: the documents of the company its account is bound to (staff-only states are the service's concern)
 * - admin, finance, warehouse: read everything; only admin writes through this scope
 * - manager: their team's documents
 * - rep: what they own, and the documents of customers they own or follow
 */
function salesDocumentsCondition(alias: string, actor: Actor, access: Access, bind: Bind): string | null {
  if (actor.kind === 'customer') {
    return `${alias}.customerId = (SELECT ca.customerId FROM customer_accounts ca WHERE ca.id = ${bind(actor.id)})`;
  }
  if (actor.kind !== 'staff') throw forbidden();
  switch (actor.role) {
    case 'admin':
      return null;
    case 'manager':
      return `${alias}.teamId = ${bind(actor.teamId ?? '0')}`;
    case 'rep': {
      // Bound in the order the placeholders appear: positional parameters follow the text.
      const owned = `${alias}.ownerId = ${bind(actor.id)}`;
      const customerOwned = `EXISTS (SELECT 1 FROM customers sc WHERE sc.id = ${alias}.customerId AND sc.ownerId = ${bind(actor.id)})`;
      if (access === 'write') return `(${owned} OR ${customerOwned})`;
      const customerFollowed = `EXISTS (SELECT 1 FROM customer_followers scf WHERE scf.customerId = ${alias}.customerId AND scf.userId = ${bind(actor.id)})`;
      return `(${owned} OR ${customerOwned} OR ${customerFollowed})`;
    }
    case 'finance':
    case 'warehouse':
      if (access === 'write') throw forbidden('您的角色只能查看该单据');
      return null;
  }
}

export function scopeSalesDocuments<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, actor: Actor, access: Access) {
  return andWhere(qb, (bind) => salesDocumentsCondition(alias, actor, access, bind));
}

/** scopeSalesDocuments for hand-written SQL. */
export function scopeSalesDocumentsSql(alias: string, actor: Actor, access: Access): SqlScope {
  return positional((bind) => salesDocumentsCondition(alias, actor, access, bind));
}
