import { In, type DataSource, type EntityManager } from 'typeorm';
import {
  amountInWords,
  discountedPriceFen,
  documentBoundsIssues,
  effectiveDiscountBp,
  grossMargin,
  priceLine,
  sumLines,
  type CustomerPrice,
  type DocumentLineInput,
  type DocumentTotalsDto,
  type GradeDiscount,
  type GrossMarginDto,
  type LineAmounts,
  type PriceCheckResult,
  type SalesSettings,
  type StaffDocumentLine,
} from '@wesale/shared';
import type { Actor } from '../../infra/actor';
import { badRequest, forbidden, notFound } from '../../infra/errors';
import { placeholders, selectEntities } from '../../infra/raw-sql';
import { scopeCustomers } from '../../infra/visibility';
import { Customer } from '../customers/customer.entity';
import { Product } from '../products/product.entity';
import type { SettingsService } from '../settings/settings.service';
import type { DocumentLineBase, SalesDocumentBase } from './sales-document.base';

/** A line priced and copied from its product: what quote, contract and order lines store. */
export type PricedLineSnapshot = StaffDocumentLine & { category: string; costFen: number; floorPriceFen: number };

export interface PricedDocument {
  lines: PricedLineSnapshot[];
  totals: { grossFen: number; discountFen: number; totalFen: number; taxFen: number; netFen: number; costFen: number };
  /** Why a manager must approve these prices (empty: no approval needed). */
  approvalReasons: string[];
}

/** What pricing reads of a product (hand-written SQL, see infra/raw-sql: it runs for every order). */
const PRICING_COLUMNS = 'id, sku, name, spec, unit, category, priceFen, costFen, floorPriceFen, taxRateBp, status';

function productsForPricing(em: EntityManager, ids: string[]): Promise<Product[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return selectEntities(em, Product, `SELECT ${PRICING_COLUMNS} FROM products WHERE id IN ${placeholders(ids.length)}`, ids);
}

/** The grade's discount for a category: a rule naming the category beats the grade's general rule. */
export function gradeDiscountBp(rules: GradeDiscount[], grade: string, category: string): number {
  const specific = rules.find((rule) => rule.grade === grade && rule.category === category);
  if (specific) return specific.discountBp;
  return rules.find((rule) => rule.grade === grade && rule.category === null)?.discountBp ?? 0;
}

export function totalsDto(document: Pick<SalesDocumentBase, 'grossFen' | 'discountFen' | 'totalFen' | 'taxFen'>): DocumentTotalsDto {
  return {
    grossFen: document.grossFen,
    discountFen: document.discountFen,
    totalFen: document.totalFen,
    taxFen: document.taxFen,
    netFen: document.totalFen - document.taxFen,
    totalInWords: amountInWords(document.totalFen),
  };
}

export function marginDto(document: Pick<SalesDocumentBase, 'totalFen' | 'costFen'>): GrossMarginDto {
  // Both sides tax-inclusive: product cost is entered as paid to the supplier (含税成本), prices are 含税价.
  const revenueFen = document.totalFen;
  const { marginFen, marginBp } = grossMargin(revenueFen, document.costFen);
  return { revenueFen, costFen: document.costFen, marginFen, marginBp };
}

/**
 * The line and document maxima of shared/pricing, on lines whose prices and costs are known: a 400 naming each line
 * at fault, in the shape of a schema's issues (`lines.<index>`).
 */
export function assertWithinDocumentBounds(lines: LineAmounts[]): void {
  const issues = documentBoundsIssues(lines);
  if (issues.length === 0) return;
  throw badRequest(
    issues[0].message,
    issues.map((issue) => ({ path: `lines.${issue.lineIndex}`, code: 'custom', message: issue.message })),
  );
}

/** Whether the actor sees cost, floor prices and margins: staff whose role the sales setting lists, never customers. */
export function seesCost(actor: Actor, sales: Pick<SalesSettings, 'costVisibleRoles'>): boolean {
  return actor.kind === 'staff' && sales.costVisibleRoles.includes(actor.role);
}

/** A line's cost and floor price, for those who may see them (spread into a staff line DTO). */
export function costFields(line: { costFen: number; floorPriceFen: number }, costVisible: boolean): { costFen?: number; floorPriceFen?: number } {
  return costVisible ? { costFen: line.costFen, floorPriceFen: line.floorPriceFen } : {};
}

/** A stored document line as staff see it: why it needs approval, and cost and floor when visible. */
export function staffLineDto(line: DocumentLineBase & { effectiveDiscountBp: number; beyondRepLimit: boolean }, costVisible: boolean): StaffDocumentLine {
  return {
    ...lineDto(line),
    ...costFields(line, costVisible),
    effectiveDiscountBp: line.effectiveDiscountBp,
    belowFloor: line.totalFen < line.quantity * line.floorPriceFen,
    beyondRepLimit: line.beyondRepLimit,
  };
}

export function lineDto(line: DocumentLineBase) {
  return {
    lineNo: line.lineNo,
    productId: line.productId,
    sku: line.sku,
    productName: line.productName,
    spec: line.spec,
    unit: line.unit,
    quantity: line.quantity,
    listPriceFen: line.listPriceFen,
    unitPriceFen: line.unitPriceFen,
    discountFen: line.discountFen,
    taxRateBp: line.taxRateBp,
    totalFen: line.totalFen,
    taxFen: line.taxFen,
  };
}

/** The stored columns of a priced line (the flags are recomputed, not stored). */
export function lineColumns(line: PricedLineSnapshot) {
  const { category: _category, effectiveDiscountBp: _discount, belowFloor: _floor, beyondRepLimit: _limit, ...columns } = line;
  return columns;
}

/**
 * The price rules of WeSale: a line defaults to the customer's grade price; a rep may go below it by
 * their own discount limit (users.maxDiscountBp); anything further, or any price under the product's
 * floor, needs a manager's approval. Arithmetic is shared/pricing's, so every screen shows the same fen.
 */
export class PriceRules {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
  ) {}

  async priceLines(
    em: EntityManager | null,
    input: { customerGrade: string; lines: DocumentLineInput[]; pricedBy: Actor },
  ): Promise<PricedDocument> {
    const manager = em ?? this.dataSource.manager;
    if (input.pricedBy.kind === 'customer' && input.lines.some((line) => line.unitPriceFen !== undefined || (line.discountFen ?? 0) > 0)) {
      throw forbidden('客户下单不能指定价格或折扣');
    }
    const ids = [...new Set(input.lines.map((line) => line.productId))];
    const [products, sales, repLimitBp] = await Promise.all([
      productsForPricing(manager, ids),
      this.settings.sales(em ?? undefined),
      this.repDiscountLimitBp(manager, input.pricedBy),
    ]);
    const byId = new Map(products.map((product) => [product.id, product]));
    const resolved = input.lines.map((line, index) => {
      const lineNo = index + 1;
      const product = byId.get(line.productId);
      if (!product) throw badRequest(`第 ${lineNo} 行的产品不存在`, { lineNo, productId: line.productId });
      if (product.status !== 'active') throw badRequest(`第 ${lineNo} 行的产品「${product.name}」已停售`, { lineNo, productId: product.id });
      const gradePriceFen = discountedPriceFen(product.priceFen, gradeDiscountBp(sales.gradeDiscounts, input.customerGrade, product.category));
      return { line, lineNo, product, gradePriceFen, unitPriceFen: line.unitPriceFen ?? gradePriceFen, discountFen: line.discountFen ?? 0 };
    });
    // Grade prices and costs are known only now: the schema could not bound these lines.
    assertWithinDocumentBounds(
      resolved.map(({ line, product, unitPriceFen, discountFen }) => ({ quantity: line.quantity, unitPriceFen, discountFen, unitCostFen: product.costFen })),
    );
    const lines = resolved.map(({ line, lineNo, product, gradePriceFen, unitPriceFen, discountFen }): PricedLineSnapshot => {
      if (discountFen > line.quantity * unitPriceFen) throw badRequest(`第 ${lineNo} 行的折扣超过了行金额`, { lineNo });
      const priced = priceLine({ quantity: line.quantity, unitPriceFen, discountFen, taxRateBp: product.taxRateBp });
      const belowGradeBp = effectiveDiscountBp({ quantity: line.quantity, listPriceFen: gradePriceFen, totalFen: priced.totalFen });
      return {
        lineNo,
        productId: product.id,
        sku: product.sku,
        productName: product.name,
        spec: product.spec,
        unit: product.unit,
        category: product.category,
        quantity: line.quantity,
        listPriceFen: product.priceFen,
        unitPriceFen,
        discountFen,
        taxRateBp: product.taxRateBp,
        totalFen: priced.totalFen,
        taxFen: priced.taxFen,
        costFen: line.quantity * product.costFen,
        floorPriceFen: product.floorPriceFen,
        effectiveDiscountBp: belowGradeBp,
        belowFloor: priced.totalFen < line.quantity * product.floorPriceFen,
        beyondRepLimit: repLimitBp !== null && belowGradeBp > repLimitBp,
      };
    });
    const sums = sumLines(lines.map((line) => priceLine(line)));
    const approvalReasons = [
      ...lines.filter((line) => line.belowFloor).map((line) => `第 ${line.lineNo} 行「${line.productName}」低于底价`),
      ...lines
        .filter((line) => line.beyondRepLimit)
        .map((line) => `第 ${line.lineNo} 行「${line.productName}」折扣 ${(line.effectiveDiscountBp / 100).toFixed(2)}% 超出您的权限 ${((repLimitBp ?? 0) / 100).toFixed(2)}%`),
    ];
    return {
      lines,
      totals: { ...sums, costFen: lines.reduce((sum, line) => sum + line.costFen, 0) },
      approvalReasons,
    };
  }

  /** Whether the actor sees cost, floor prices and margins (the sales setting `costVisibleRoles`). */
  async costVisibleTo(actor: Actor, em?: EntityManager): Promise<boolean> {
    return seesCost(actor, await this.settings.sales(em));
  }

  /** The grade price per product for a signed-in customer (list price when its account is not bound to a company yet). */
  async gradePricing(actor: Actor): Promise<(product: Product) => number> {
    const [rows, sales] = await Promise.all([
      actor.kind === 'customer'
        ? this.dataSource.query(
            'SELECT c.grade AS grade FROM customer_accounts ca JOIN customers c ON c.id = ca.customerId WHERE ca.id = ?',
            [actor.id],
          )
        : Promise.resolve([]),
      this.settings.sales(),
    ]);
    const grade: string | undefined = (rows as Array<{ grade: string }>)[0]?.grade;
    if (!grade) return (product) => product.priceFen;
    return (product) => discountedPriceFen(product.priceFen, gradeDiscountBp(sales.gradeDiscounts, grade, product.category));
  }

  /** What the rep's product picker shows for a customer: list, grade and floor prices. */
  async customerPrices(actor: Actor, customerId: string, productIds: string[]): Promise<CustomerPrice[]> {
    const customer = await this.visibleCustomer(actor, customerId);
    const [products, sales] = await Promise.all([this.dataSource.getRepository(Product).findBy({ id: In(productIds) }), this.settings.sales()]);
    return products.map((product) => {
      const discountBp = gradeDiscountBp(sales.gradeDiscounts, customer.grade, product.category);
      return {
        productId: product.id,
        listPriceFen: product.priceFen,
        gradePriceFen: discountedPriceFen(product.priceFen, discountBp),
        gradeDiscountBp: discountBp,
        ...(seesCost(actor, sales) ? { floorPriceFen: product.floorPriceFen } : {}),
      };
    });
  }

  /** Prices lines without saving them, so an editor can show totals and whether approval will be needed. */
  async check(actor: Actor, customerId: string, lines: DocumentLineInput[]): Promise<PriceCheckResult> {
    const customer = await this.visibleCustomer(actor, customerId);
    const [priced, costVisible] = await Promise.all([
      this.priceLines(null, { customerGrade: customer.grade, lines, pricedBy: actor }),
      this.costVisibleTo(actor),
    ]);
    return {
      lines: priced.lines.map(({ category: _category, costFen, floorPriceFen, ...line }) => ({ ...line, ...costFields({ costFen, floorPriceFen }, costVisible) })),
      totals: totalsDto(priced.totals),
      ...(costVisible ? { margin: marginDto(priced.totals) } : {}),
      needsApproval: priced.approvalReasons.length > 0,
      approvalReasons: priced.approvalReasons,
    };
  }

  private async visibleCustomer(actor: Actor, customerId: string): Promise<Customer> {
    const qb = this.dataSource.getRepository(Customer).createQueryBuilder('c').where('c.id = :customerId', { customerId });
    const customer = await scopeCustomers(qb, 'c', actor, 'read').getOne();
    if (!customer) throw notFound('客户');
    return customer;
  }

  /** null: no limit (managers and admins price freely above the floor). */
  private async repDiscountLimitBp(em: EntityManager, actor: Actor): Promise<number | null> {
    if (actor.kind !== 'staff' || actor.role !== 'rep') return null;
    const rows: Array<{ maxDiscountBp: number }> = await em.query('SELECT maxDiscountBp FROM users WHERE id = ?', [actor.id]);
    return rows[0]?.maxDiscountBp ?? 0;
  }
}

