import { In, type DataSource, type EntityManager } from 'typeorm';
import {
  formatDocumentNumber,
  STOCKTAKE_STATUS_LABELS,
  stocktakeStateMachine,
  type Page,
  type StocktakeCounts,
  type StocktakeCreate,
  type StocktakeDetailDto,
  type StocktakeDto,
  type StocktakeListQuery,
  type StocktakeStatus,
} from '@wesale/shared';
import type { Actor, StaffActor } from '../../infra/actor';
import { databaseKind, inTransaction, isUniqueViolation } from '../../infra/db';
import { badRequest, conflict, forbidden, illegalTransition, notFound } from '../../infra/errors';
import { paginate } from '../../infra/pagination';
import { Approval } from '../approvals/approval.entity';
import type { ApprovalHandler, ApprovalsService } from '../approvals/approvals.service';
import type { UsersService } from '../identity/users.service';
import { Product } from '../products/product.entity';
import { StockLevel } from './stock-level.entity';
import type { StockService } from './stock.service';
import { StocktakeLine } from './stocktake-line.entity';
import { Stocktake } from './stocktake.entity';
import { Warehouse } from './warehouse.entity';
import { requireActiveWarehouse } from './warehouses.service';

const LINE_INSERT_CHUNK = 500;

interface LineStats {
  lineCount: number;
  countedCount: number;
  differenceCount: number;
}

function asStaff(actor: Actor): StaffActor {
  if (actor.kind !== 'staff') throw forbidden();
  return actor;
}

function assertTransition(stocktake: Stocktake, to: StocktakeStatus): void {
  if (!stocktakeStateMachine.canTransition(stocktake.status, to)) {
    throw illegalTransition('盘点单', STOCKTAKE_STATUS_LABELS[stocktake.status], STOCKTAKE_STATUS_LABELS[to]);
  }
}

/**
 * Stocktakes (盘点): a snapshot of the expected on hand, the counts, and on approval the differences
 * (counted − snapshot) booked as 'stocktake' movements against the current on hand — so sales shipped while
 * the warehouse was counting are not undone. One open stocktake per warehouse.
 *
 * Approval: submitting files a generic 'stocktake' approval. Warehouse staff have no team, so the request
 * carries no team and only an admin (other than the requester) may decide it; team managers do not see it.
 */
export class StocktakesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly stock: StockService,
    private readonly approvals: ApprovalsService,
  ) {}

  /** What the 'stocktake' approval does when decided; registered with ApprovalsService in app wiring. */
  approvalHandler(): ApprovalHandler {
    return {
      onApproved: (em, approval, decidedBy) => this.applyApproved(em, approval, decidedBy),
      onRejected: async (em, approval) => {
        const stocktake = await this.lock(em, approval.subjectId);
        if (!stocktake) throw notFound('盘点单');
        assertTransition(stocktake, 'rejected');
        await em.update(Stocktake, { id: stocktake.id }, { status: 'rejected' });
      },
    };
  }

  async list(query: StocktakeListQuery): Promise<Page<StocktakeDto>> {
    const qb = this.dataSource.getRepository(Stocktake).createQueryBuilder('s');
    if (query.warehouseId) qb.andWhere('s.warehouseId = :warehouseId', { warehouseId: query.warehouseId });
    if (query.status) qb.andWhere('s.status = :status', { status: query.status });
    if (query.q) qb.andWhere('s.number = :number', { number: query.q.toUpperCase() });
    const page = await paginate(qb, query, (stocktake) => stocktake);
    return { data: await this.toDtos(this.dataSource.manager, page.data), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<StocktakeDetailDto> {
    return this.detail(this.dataSource.manager, id);
  }

  /** Snapshots the expected on hand of the given products, or of every product with a level in the warehouse. */
  async create(actor: Actor, input: StocktakeCreate): Promise<StocktakeDetailDto> {
    const staff = asStaff(actor);
    try {
      return await inTransaction(this.dataSource, async (em) => {
        const warehouse = await requireActiveWarehouse(em, input.warehouseId);
        const expected = await this.snapshot(em, warehouse, input.productIds);
        const { identifiers } = await em.insert(Stocktake, {
          warehouseId: warehouse.id,
          openWarehouseId: warehouse.id,
          status: 'counting',
          note: input.note || null,
          createdBy: staff.id,
        });
        const id = String(identifiers[0].id);
        // Numbered from the id: unique without a counter, and readable (PD20261122-0042).
        await em.update(Stocktake, { id }, { number: formatDocumentNumber('PD', new Date(), Number(id)) });
        const lines = [...expected].map(([productId, expectedQty]) => ({ stocktakeId: id, productId, expectedQty, countedQty: null }));
        for (let i = 0; i < lines.length; i += LINE_INSERT_CHUNK) {
          await em.createQueryBuilder().insert().into(StocktakeLine).values(lines.slice(i, i + LINE_INSERT_CHUNK)).updateEntity(false).execute();
        }
        return this.detail(em, id);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        const open = await this.dataSource.getRepository(Stocktake).findOneBy({ openWarehouseId: input.warehouseId });
        throw conflict(`该仓库已有未完成的盘点单${open?.number ? ` ${open.number}` : ''}，请先完成或取消`, { stocktakeId: open?.id ?? null });
      }
      throw error;
    }
  }

  /** Records counted quantities; counting again after a rejection reopens the stocktake. */
  async saveCounts(actor: Actor, id: string, input: StocktakeCounts): Promise<StocktakeDetailDto> {
    asStaff(actor);
    return inTransaction(this.dataSource, async (em) => {
      const stocktake = await this.lockForChange(em, id);
      assertTransitionOrStay(stocktake, 'counting');
      const lines = await em.find(StocktakeLine, { select: { id: true, productId: true, countedQty: true }, where: { stocktakeId: id } });
      const byProduct = new Map(lines.map((line) => [line.productId, line]));
      const unknown = input.lines.filter((line) => !byProduct.has(line.productId)).map((line) => line.productId);
      if (unknown.length > 0) throw badRequest(`产品（编号 ${unknown.join('、')}）不在此盘点单中`, { productIds: unknown });
      if (stocktake.status !== 'counting') await em.update(Stocktake, { id }, { status: 'counting' });
      for (const { productId, countedQty } of input.lines) {
        const line = byProduct.get(productId)!;
        if (line.countedQty !== countedQty) await em.update(StocktakeLine, { id: line.id }, { countedQty });
      }
      return this.detail(em, id);
    });
  }

  /** Sends the counts for approval; every line must be counted. */
  async submit(actor: Actor, id: string): Promise<StocktakeDetailDto> {
    const staff = asStaff(actor);
    return inTransaction(this.dataSource, async (em) => {
      const stocktake = await this.lockForChange(em, id);
      assertTransition(stocktake, 'pending_approval');
      const [stats] = (await this.stats(em, [id])).values();
      if (stats.countedCount < stats.lineCount) {
        throw conflict(`还有 ${stats.lineCount - stats.countedCount} 个产品未录入实盘数量`, { uncounted: stats.lineCount - stats.countedCount });
      }
      const warehouse = await em.findOneByOrFail(Warehouse, { id: stocktake.warehouseId });
      const approval = await this.approvals.request(em, {
        kind: 'stocktake',
        subjectType: 'stocktake',
        subjectId: id,
        subjectTitle: `${warehouse.name}盘点 ${stocktake.number}：${stats.differenceCount} 个产品有差异`,
        requestedBy: staff,
        reason: stocktake.note,
        payload: { number: stocktake.number, warehouseId: stocktake.warehouseId, differenceCount: stats.differenceCount },
      });
      await em.update(Stocktake, { id }, { status: 'pending_approval', approvalId: approval.id, submittedAt: new Date() });
      return this.detail(em, id);
    });
  }

  async cancel(actor: Actor, id: string): Promise<StocktakeDetailDto> {
    asStaff(actor);
    return inTransaction(this.dataSource, async (em) => {
      const stocktake = await this.lockForChange(em, id);
      assertTransition(stocktake, 'cancelled');
      await em.update(Stocktake, { id }, { status: 'cancelled', openWarehouseId: null });
      return this.detail(em, id);
    });
  }

  /** Inside the approval's transaction: books the differences; a shortfall (below reserved) fails the approval with 409. */
  private async applyApproved(em: EntityManager, approval: Approval, decidedBy: StaffActor): Promise<void> {
    const stocktake = await this.lock(em, approval.subjectId);
    if (!stocktake) throw notFound('盘点单');
    assertTransition(stocktake, 'approved');
    const lines = await em.find(StocktakeLine, { where: { stocktakeId: stocktake.id } });
    const differences = lines.map((line) => ({ productId: line.productId, difference: (line.countedQty ?? line.expectedQty) - line.expectedQty }));
    await this.stock.applyCountDifferences(em, stocktake.warehouseId, differences, { type: 'stocktake', id: stocktake.id, number: stocktake.number }, decidedBy.id);
    await em.update(Stocktake, { id: stocktake.id }, { status: 'approved', appliedAt: new Date(), openWarehouseId: null });
  }

  private async snapshot(em: EntityManager, warehouse: Warehouse, productIds?: string[]): Promise<Map<string, number>> {
    if (productIds) {
      const products = await em.find(Product, { select: { id: true }, where: { id: In(productIds) } });
      const found = new Set(products.map((product) => product.id));
      const missing = productIds.filter((id) => !found.has(id));
      if (missing.length > 0) throw notFound(`产品（编号 ${missing.join('、')}）`);
    }
    const levels = await em.find(StockLevel, {
      select: { productId: true, onHand: true },
      where: { warehouseId: warehouse.id, ...(productIds ? { productId: In(productIds) } : {}) },
    });
    const onHand = new Map(levels.map((level) => [level.productId, level.onHand]));
    const expected = new Map((productIds ?? [...onHand.keys()]).map((productId) => [productId, onHand.get(productId) ?? 0]));
    if (expected.size === 0) throw conflict(`仓库「${warehouse.name}」还没有库存记录，请指定要盘点的产品`);
    return expected;
  }

  /** On MySQL the row lock comes first, so the status read after it is current. */
  private lock(em: EntityManager, id: string): Promise<Stocktake | null> {
    const qb = em.createQueryBuilder(Stocktake, 's').where('s.id = :id', { id });
    if (databaseKind(this.dataSource) === 'mysql') qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /**
   * Locks a stocktake for a change by its owner. An approval the requester withdrew (POST /approvals/:id/cancel)
   * has no handler hook: the stocktake it left pending counts as rejected, so it can be recounted or cancelled.
   */
  private async lockForChange(em: EntityManager, id: string): Promise<Stocktake> {
    const stocktake = await this.lock(em, id);
    if (!stocktake) throw notFound('盘点单');
    if (stocktake.status === 'pending_approval' && stocktake.approvalId) {
      const withdrawn = await em.existsBy(Approval, { id: stocktake.approvalId, status: 'cancelled' });
      if (withdrawn) {
        await em.update(Stocktake, { id }, { status: 'rejected' });
        stocktake.status = 'rejected';
      }
    }
    return stocktake;
  }

  private async stats(em: EntityManager, ids: string[]): Promise<Map<string, LineStats>> {
    const rows: Array<{ stocktakeId: string | number; lineCount: string | number; countedCount: string | number; differenceCount: string | number | null }> =
      await em
        .createQueryBuilder(StocktakeLine, 'sl')
        .select('sl.stocktakeId', 'stocktakeId')
        .addSelect('COUNT(*)', 'lineCount')
        .addSelect('COUNT(sl.countedQty)', 'countedCount')
        .addSelect('SUM(CASE WHEN sl.countedQty IS NOT NULL AND sl.countedQty <> sl.expectedQty THEN 1 ELSE 0 END)', 'differenceCount')
        .where({ stocktakeId: In(ids) })
        .groupBy('sl.stocktakeId')
        .getRawMany();
    const stats = new Map<string, LineStats>(ids.map((id) => [id, { lineCount: 0, countedCount: 0, differenceCount: 0 }]));
    for (const row of rows) {
      stats.set(String(row.stocktakeId), {
        lineCount: Number(row.lineCount),
        countedCount: Number(row.countedCount),
        differenceCount: Number(row.differenceCount ?? 0),
      });
    }
    return stats;
  }

  private async toDtos(em: EntityManager, stocktakes: Stocktake[]): Promise<StocktakeDto[]> {
    const ids = stocktakes.map((s) => s.id);
    const [stats, warehouses, names] = await Promise.all([
      ids.length ? this.stats(em, ids) : new Map<string, LineStats>(),
      em.find(Warehouse, { select: { id: true, name: true }, where: { id: In([...new Set(stocktakes.map((s) => s.warehouseId))]) } }),
      this.users.namesByIds(stocktakes.map((s) => s.createdBy)),
    ]);
    const warehouseNames = new Map(warehouses.map((w) => [w.id, w.name]));
    return stocktakes.map((s) => ({
      id: s.id,
      number: s.number ?? '',
      warehouseId: s.warehouseId,
      warehouseName: warehouseNames.get(s.warehouseId) ?? '',
      status: s.status,
      note: s.note,
      ...(stats.get(s.id) ?? { lineCount: 0, countedCount: 0, differenceCount: 0 }),
      approvalId: s.approvalId,
      createdBy: s.createdBy,
      createdByName: s.createdBy ? (names.get(s.createdBy) ?? null) : null,
      submittedAt: s.submittedAt?.toISOString() ?? null,
      appliedAt: s.appliedAt?.toISOString() ?? null,
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
    }));
  }

  private async detail(em: EntityManager, id: string): Promise<StocktakeDetailDto> {
    const stocktake = await em.findOneBy(Stocktake, { id });
    if (!stocktake) throw notFound('盘点单');
    const [[dto], lines] = await Promise.all([this.toDtos(em, [stocktake]), em.find(StocktakeLine, { where: { stocktakeId: id } })]);
    const products = lines.length
      ? await em.find(Product, { select: { id: true, sku: true, name: true, unit: true }, where: { id: In(lines.map((l) => l.productId)) } })
      : [];
    const byId = new Map(products.map((p) => [p.id, p]));
    // A counting sheet in SKU order, numbers compared as numbers (A-9 before A-10).
    lines.sort((a, b) => (byId.get(a.productId)?.sku ?? '').localeCompare(byId.get(b.productId)?.sku ?? '', 'en', { numeric: true }));
    return {
      ...dto,
      lines: lines.map((line) => ({
        productId: line.productId,
        sku: byId.get(line.productId)?.sku ?? '',
        productName: byId.get(line.productId)?.name ?? '',
        unit: byId.get(line.productId)?.unit ?? '',
        expectedQty: line.expectedQty,
        countedQty: line.countedQty,
        differenceQty: line.countedQty === null ? null : line.countedQty - line.expectedQty,
      })),
    };
  }
}

/** Recording counts keeps a counting stocktake counting, and moves a rejected one back to counting. */
function assertTransitionOrStay(stocktake: Stocktake, to: StocktakeStatus): void {
  if (stocktake.status !== to) assertTransition(stocktake, to);
}
