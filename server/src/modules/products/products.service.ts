import type { DataSource } from 'typeorm';
import type { CustomerProduct, Page, Product as ProductDto, ProductCreate, ProductListQuery, ProductUpdate } from '@wesale/shared';
import type { Actor } from '../../infra/actor';
import { inTransaction, isUniqueViolation, likePattern, LIKE_ESCAPE } from '../../infra/db';
import { badRequest, conflict, notFound } from '../../infra/errors';
import { paginate } from '../../infra/pagination';
import { recordAudit } from '../audit/audit.service';
import { costFields, type PriceRules } from '../sales/price-rules';
import { Product } from './product.entity';

/** `costVisible`: the viewer sees cost and floor price (PriceRules.costVisibleTo). */
export function toStaffProduct(product: Product, costVisible: boolean): ProductDto {
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    spec: product.spec,
    unit: product.unit,
    category: product.category,
    priceFen: product.priceFen,
    ...costFields(product, costVisible),
    taxRateBp: product.taxRateBp,
    status: product.status,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}

export function toCustomerProduct(product: Product, yourPriceFen: number): CustomerProduct {
  const { id, sku, name, spec, unit, category, priceFen, taxRateBp } = product;
  return { id, sku, name, spec, unit, category, priceFen, taxRateBp, yourPriceFen };
}

export class ProductsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly priceRules: PriceRules,
  ) {}

  /** Staff see every product; customers only what is on sale, through the customer DTO. */
  async list(actor: Actor, query: ProductListQuery): Promise<Page<ProductDto | CustomerProduct>> {
    const qb = this.dataSource.getRepository(Product).createQueryBuilder('p');
    if (actor.kind === 'customer') qb.andWhere('p.status = :active', { active: 'active' });
    else if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.category) qb.andWhere('p.category = :category', { category: query.category });
    if (query.q) {
      qb.andWhere(`(p.name LIKE :q ${LIKE_ESCAPE} OR p.sku LIKE :q ${LIKE_ESCAPE})`, { q: likePattern(query.q) });
    }
    if (actor.kind !== 'customer') {
      const costVisible = await this.priceRules.costVisibleTo(actor);
      return paginate(qb, query, (product) => toStaffProduct(product, costVisible));
    }
    const priceFor = await this.priceRules.gradePricing(actor);
    return paginate(qb, query, (product) => toCustomerProduct(product, priceFor(product)));
  }

  async get(actor: Actor, id: string): Promise<ProductDto | CustomerProduct> {
    const product = await this.dataSource.getRepository(Product).findOne({
      where: actor.kind === 'customer' ? { id, status: 'active' } : { id },
    });
    if (!product) throw notFound('产品');
    if (actor.kind !== 'customer') return toStaffProduct(product, await this.priceRules.costVisibleTo(actor));
    return toCustomerProduct(product, (await this.priceRules.gradePricing(actor))(product));
  }

  async create(actor: Actor, input: ProductCreate): Promise<ProductDto> {
    try {
      return await inTransaction(this.dataSource, async (em) => {
        const { identifiers } = await em.insert(Product, { ...input });
        const product = await em.findOneByOrFail(Product, { id: String(identifiers[0].id) });
        await recordAudit(em, actor, 'product.create', { type: 'product', id: product.id }, { priceFen: product.priceFen });
        return toStaffProduct(product, await this.priceRules.costVisibleTo(actor, em));
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`SKU「${input.sku}」已存在`, { field: 'sku' });
      throw error;
    }
  }

  async update(actor: Actor, id: string, input: ProductUpdate): Promise<ProductDto> {
    try {
      return await inTransaction(this.dataSource, async (em) => {
        const before = await em.findOneBy(Product, { id });
        if (!before) throw notFound('产品');
        if ((input.floorPriceFen ?? before.floorPriceFen) > (input.priceFen ?? before.priceFen)) {
          throw badRequest('最低售价不能高于标价', [{ path: 'floorPriceFen', code: 'custom', message: '最低售价不能高于标价' }]);
        }
        await em.update(Product, { id }, { ...input });
        const after = await em.findOneByOrFail(Product, { id });
        const moneyChanges = (['priceFen', 'costFen', 'floorPriceFen'] as const).filter((field) => after[field] !== before[field]);
        if (moneyChanges.length > 0) {
          const changes = Object.fromEntries(moneyChanges.map((field) => [field, { from: before[field], to: after[field] }]));
          await recordAudit(em, actor, 'product.price_change', { type: 'product', id }, changes);
        }
        return toStaffProduct(after, await this.priceRules.costVisibleTo(actor, em));
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`SKU「${input.sku}」已存在`, { field: 'sku' });
      throw error;
    }
  }
}
