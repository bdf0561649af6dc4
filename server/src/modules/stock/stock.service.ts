import { In, type DataSource, type EntityManager } from 'typeorm';
import {
  ErrorCode,
  MAX_ON_HAND,
  type Page,
  type StockAdjust,
  type StockAlertDto,
  type StockAlertListQuery,
  type StockChangeResult,
  type StockLevelDto,
  type StockLevelListQuery,
  type StockLevelSettings,
  type StockMovementDto,
  type StockMovementListQuery,
  type StockMovementReason,
  type StockTransfer,
} from '@wesale/shared';
import type { Actor } from '../../infra/actor';
import { databaseKind, inTransaction, likePattern, LIKE_ESCAPE } from '../../infra/db';
import { AppError, badRequest, conflict, notFound } from '../../infra/errors';
import { paginate } from '../../infra/pagination';
import { columnValues, execute, placeholders } from '../../infra/raw-sql';
import type { UsersService } from '../identity/users.service';
import { Product } from '../products/product.entity';
import { StockLevel } from './stock-level.entity';
import { StockMovement } from './stock-movement.entity';
import { Warehouse } from './warehouse.entity';
import { requireActiveWarehouse } from './warehouses.service';

/** The document a stock change came from, e.g. `{ type: 'order', id, number: 'SO20261122-0001' }`. */
export interface StockRef {
  type: string;
  id: string;
  number?: string | null;
}

export interface StockLineQty {
  productId: string;
  quantity: number;
}

/** One change of one level; `reservedDelta − onHandDelta` is how much it takes from what is available. */
interface Step {
  warehouseId: string;
  productId: string;
  reason: StockMovementReason;
  onHandDelta: number;
  reservedDelta: number;
}

interface ChangeContext {
  ref: StockRef | null;
  actorId: string | null;
  note?: string | null;
  /** Prepended to a shortage message, e.g. why a stocktake cannot be applied. */
  failurePrefix?: string;
}

const byNumericId = (a: string, b: string) => {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** One global lock order for every path (product, then warehouse, both numeric): no two writers wait on each other in a cycle. */
const byLockOrder = (a: Step, b: Step) => byNumericId(a.productId, b.productId) || byNumericId(a.warehouseId, b.warehouseId);

function mergeLines(lines: StockLineQty[]): StockLineQty[] {
  const merged = new Map<string, number>();
  for (const { productId, quantity } of lines) {
    if (!Number.isSafeInteger(quantity) || quantity <= 0) throw badRequest('库存数量必须是正整数', { productId, quantity });
    merged.set(productId, (merged.get(productId) ?? 0) + quantity);
  }
  return [...merged].map(([productId, quantity]) => ({ productId, quantity }));
}

function levelDto(level: StockLevel, products: Map<string, Product>, warehouses: Map<string, Warehouse>): StockLevelDto {
  const product = products.get(level.productId);
  const available = level.onHand - level.reserved;
  return {
    warehouseId: level.warehouseId,
    warehouseName: warehouses.get(level.warehouseId)?.name ?? '',
    productId: level.productId,
    sku: product?.sku ?? '',
    productName: product?.name ?? '',
    unit: product?.unit ?? '',
    onHand: level.onHand,
    reserved: level.reserved,
    available,
    minQty: level.minQty,
    maxQty: level.maxQty,
    belowMin: level.minQty > 0 && available < level.minQty,
  };
}

/**
 * The warehouse an order reserves from when it names none: the default one, else the active one with the lowest
 * id. A scalar query, so a caller may also read it as a subquery of its own statement.
 */
export const DEFAULT_WAREHOUSE_SQL = 'SELECT w.id FROM warehouses w WHERE w.active = 1 ORDER BY w.isDefault DESC, w.id ASC LIMIT 1';

/** The answer when DEFAULT_WAREHOUSE_SQL found nothing. */
export function requireDefaultWarehouse(id: string | number | null | undefined): string {
  if (id === null || id === undefined) throw new AppError(404, ErrorCode.NotFound, '还没有可用的仓库，请先新建仓库');
  return String(id);
}

const LEDGER_COLUMNS = ['warehouseId', 'productId', 'reason', 'onHandDelta', 'reservedDelta', 'refType', 'refId', 'refNumber', 'note', 'actorId'] as const;
const LEDGER_ROW = placeholders(LEDGER_COLUMNS.length);

/** "Below minimum" means available (on hand − reserved) under minQty, as Odoo's reordering rules look at the forecast, not the shelf. */
const BELOW_MIN = '(l.minQty > 0 AND l.onHand - l.reserved < l.minQty)';

/**
 * Stock (库存): levels per warehouse and product, and the ledger. Every change is one conditional UPDATE per
 * level — so stock never goes negative and is never oversold, whatever runs concurrently — plus one ledger row,
 * written by one multi-row insert per call. The in-transaction methods (reserve, release, shipReserved) are what
 * orders and shipments call inside their own transactions.
 */
export class StockService {
  private readonly updateSql: string;
  private readonly upsertSql: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
  ) {
    const now = dataSource.driver.mappedDataTypes.updateDateDefault;
    // The conditions keep 0 ≤ reserved ≤ onHand ≤ MAX_ON_HAND: available may not drop below 0, nor reserved.
    this.updateSql =
      `UPDATE stock_levels SET onHand = onHand + ?, reserved = reserved + ?, updatedAt = ${now} ` +
      `WHERE warehouseId = ? AND productId = ? AND onHand - reserved >= ? AND reserved >= ? AND onHand + ? <= ${MAX_ON_HAND}`;
    // Receipts may be a product's first stock in a warehouse: this makes sure the level exists (and locks it),
    // then the conditional update adds. An upsert rather than a read-then-insert: on InnoDB, INSERT IGNORE would
    // take a shared lock that two concurrent receipts then deadlock upgrading.
    this.upsertSql =
      'INSERT INTO stock_levels (warehouseId, productId, onHand) VALUES (?, ?, 0) ' +
      (databaseKind(dataSource) === 'mysql'
        ? 'ON DUPLICATE KEY UPDATE onHand = onHand'
        : 'ON CONFLICT (warehouseId, productId) DO UPDATE SET onHand = onHand');
  }

  // ---- in-transaction API for orders and shipments ----

  /** All lines or none: reserved += q where available ≥ q, in ascending product id order; 409 insufficient stock otherwise. */
  async reserve(em: EntityManager, warehouseId: string, lines: StockLineQty[], ref: StockRef, actorId: string | null): Promise<void> {
    const steps = mergeLines(lines).map(({ productId, quantity }) => ({
      warehouseId,
      productId,
      reason: 'reserve' as const,
      onHandDelta: 0,
      reservedDelta: quantity,
    }));
    return this.apply(em, steps, { ref, actorId });
  }

  /** Undo of reserve: reserved −= q where reserved ≥ q. */
  async release(em: EntityManager, warehouseId: string, lines: StockLineQty[], ref: StockRef, actorId: string | null): Promise<void> {
    const steps = mergeLines(lines).map(({ productId, quantity }) => ({
      warehouseId,
      productId,
      reason: 'release' as const,
      onHandDelta: 0,
      reservedDelta: -quantity,
    }));
    return this.apply(em, steps, { ref, actorId });
  }

  /** Ships reserved stock: on hand and reserved both −q in one conditional UPDATE (ledger: sale_out). */
  async shipReserved(em: EntityManager, warehouseId: string, lines: StockLineQty[], ref: StockRef, actorId: string | null): Promise<void> {
    const steps = mergeLines(lines).map(({ productId, quantity }) => ({
      warehouseId,
      productId,
      reason: 'sale_out' as const,
      onHandDelta: -quantity,
      reservedDelta: -quantity,
    }));
    return this.apply(em, steps, { ref, actorId });
  }

  /** Available (on hand − reserved) per product in one warehouse; 0 for a product without a level there. */
  async available(warehouseId: string, productIds: string[]): Promise<Map<string, number>> {
    const result = new Map(productIds.map((id) => [id, 0]));
    if (productIds.length === 0) return result;
    const levels = await this.dataSource.getRepository(StockLevel).find({
      select: { productId: true, onHand: true, reserved: true },
      where: { warehouseId, productId: In([...new Set(productIds)]) },
    });
    for (const level of levels) result.set(level.productId, level.onHand - level.reserved);
    return result;
  }

  /** The default warehouse, else the active one with the lowest id. */
  async defaultWarehouseId(em: EntityManager = this.dataSource.manager): Promise<string> {
    const rows: Array<{ id: string | number }> = await em.query(DEFAULT_WAREHOUSE_SQL);
    return requireDefaultWarehouse(rows[0]?.id);
  }

  /** Receipts (purchase in, return in) into a warehouse: on hand += q, the level created if missing. */
  async receive(
    em: EntityManager,
    warehouseId: string,
    lines: StockLineQty[],
    reason: 'purchase_in' | 'return_in',
    ref: StockRef | null,
    actorId: string | null,
    note?: string | null,
  ): Promise<void> {
    const steps = mergeLines(lines).map(({ productId, quantity }) => ({ warehouseId, productId, reason, onHandDelta: quantity, reservedDelta: 0 }));
    return this.apply(em, steps, { ref, actorId, note });
  }

  /** Stocktake differences, applied to the current on hand (never below what is reserved). */
  async applyCountDifferences(
    em: EntityManager,
    warehouseId: string,
    differences: Array<{ productId: string; difference: number }>,
    ref: StockRef,
    actorId: string | null,
  ): Promise<void> {
    const steps = differences
      .filter((line) => line.difference !== 0)
      .map(({ productId, difference }) => ({ warehouseId, productId, reason: 'stocktake' as const, onHandDelta: difference, reservedDelta: 0 }));
    return this.apply(em, steps, { ref, actorId, failurePrefix: `盘点单 ${ref.number ?? ref.id} 无法入账：` });
  }

  // ---- HTTP-facing operations ----

  async listLevels(query: StockLevelListQuery): Promise<Page<StockLevelDto>> {
    const qb = this.levelQuery(query);
    if (query.productId) qb.andWhere('l.productId = :productId', { productId: query.productId });
    if (query.belowMin === true) qb.andWhere(BELOW_MIN);
    if (query.belowMin === false) qb.andWhere(`NOT ${BELOW_MIN}`);
    const page = await paginate(qb, query, (level) => level);
    return { data: await this.describe(this.dataSource.manager, page.data), nextCursor: page.nextCursor };
  }

  /** Levels whose available quantity is below the minimum, with the shortfall and a reorder quantity up to the maximum. */
  async alerts(query: StockAlertListQuery): Promise<Page<StockAlertDto>> {
    const page = await paginate(this.levelQuery(query).andWhere(BELOW_MIN), query, (level) => level);
    const levels = await this.describe(this.dataSource.manager, page.data);
    return {
      data: levels.map((level) => ({
        ...level,
        shortfall: level.minQty - level.available,
        suggestedQty: Math.max(level.maxQty, level.minQty) - level.available,
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** Sets min/max for a warehouse and product, creating the level (with nothing on hand) if there is none yet. */
  async setLevelSettings(input: StockLevelSettings): Promise<StockLevelDto> {
    return inTransaction(this.dataSource, async (em) => {
      const warehouse = await em.findOneBy(Warehouse, { id: input.warehouseId });
      if (!warehouse) throw notFound('仓库');
      await this.requireProducts(em, [input.productId]);
      await em.upsert(StockLevel, { warehouseId: input.warehouseId, productId: input.productId, minQty: input.minQty, maxQty: input.maxQty }, [
        'warehouseId',
        'productId',
      ]);
      const [level] = await this.levelsFor(em, input.warehouseId, [input.productId]);
      return level;
    });
  }

  async listMovements(query: StockMovementListQuery): Promise<Page<StockMovementDto>> {
    const qb = this.dataSource.getRepository(StockMovement).createQueryBuilder('m');
    if (query.warehouseId) qb.andWhere('m.warehouseId = :warehouseId', { warehouseId: query.warehouseId });
    if (query.productId) qb.andWhere('m.productId = :productId', { productId: query.productId });
    if (query.reason) qb.andWhere('m.reason = :reason', { reason: query.reason });
    if (query.refType) qb.andWhere('m.refType = :refType', { refType: query.refType });
    if (query.refId) qb.andWhere('m.refId = :refId', { refId: query.refId });
    if (query.q) qb.andWhere(`(m.refNumber LIKE :q ${LIKE_ESCAPE} OR m.note LIKE :q ${LIKE_ESCAPE})`, { q: likePattern(query.q) });
    const page = await paginate(qb, query, (movement) => movement);
    const movements = page.data;
    const [products, warehouses, names] = await Promise.all([
      this.productsById(this.dataSource.manager, movements.map((m) => m.productId)),
      this.warehousesById(this.dataSource.manager, movements.map((m) => m.warehouseId)),
      this.users.namesByIds(movements.map((m) => m.actorId)),
    ]);
    return {
      data: movements.map((m) => ({
        id: m.id,
        warehouseId: m.warehouseId,
        warehouseName: warehouses.get(m.warehouseId)?.name ?? '',
        productId: m.productId,
        sku: products.get(m.productId)?.sku ?? '',
        productName: products.get(m.productId)?.name ?? '',
        reason: m.reason,
        onHandDelta: m.onHandDelta,
        reservedDelta: m.reservedDelta,
        refType: m.refType,
        refId: m.refId,
        refNumber: m.refNumber,
        note: m.note,
        actorId: m.actorId,
        actorName: m.actorId ? (names.get(m.actorId) ?? null) : null,
        createdAt: m.createdAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** Manual adjustment (库存调整): all lines or none; a decrease never takes on hand below what is reserved. */
  async adjust(actor: Actor, input: StockAdjust): Promise<StockChangeResult> {
    const productIds = input.lines.map((line) => line.productId);
    return inTransaction(this.dataSource, async (em) => {
      await requireActiveWarehouse(em, input.warehouseId);
      await this.requireProducts(em, productIds);
      const steps = input.lines.map(({ productId, quantityDelta }) => ({
        warehouseId: input.warehouseId,
        productId,
        reason: 'adjustment' as const,
        onHandDelta: quantityDelta,
        reservedDelta: 0,
      }));
      await this.apply(em, steps, { ref: null, actorId: actor.id, note: input.note });
      return { levels: await this.levelsFor(em, input.warehouseId, productIds) };
    });
  }

  /** Transfer (调拨) between two warehouses: out of what is available at the source, into the destination. */
  async transfer(actor: Actor, input: StockTransfer): Promise<StockChangeResult> {
    const productIds = input.lines.map((line) => line.productId);
    return inTransaction(this.dataSource, async (em) => {
      await requireActiveWarehouse(em, input.fromWarehouseId);
      await requireActiveWarehouse(em, input.toWarehouseId);
      await this.requireProducts(em, productIds);
      const steps = input.lines.flatMap(({ productId, quantity }) => [
        { warehouseId: input.fromWarehouseId, productId, reason: 'transfer_out' as const, onHandDelta: -quantity, reservedDelta: 0 },
        { warehouseId: input.toWarehouseId, productId, reason: 'transfer_in' as const, onHandDelta: quantity, reservedDelta: 0 },
      ]);
      await this.apply(em, steps, { ref: null, actorId: actor.id, note: input.note || null });
      const levels = [
        ...(await this.levelsFor(em, input.fromWarehouseId, productIds)),
        ...(await this.levelsFor(em, input.toWarehouseId, productIds)),
      ];
      return { levels };
    });
  }

  // ---- internals ----

  /** The heart of every change: one conditional statement per level in lock order, then the ledger in one insert. */
  private async apply(em: EntityManager, steps: Step[], context: ChangeContext): Promise<void> {
    if (steps.length === 0) return;
    const runner = em.queryRunner;
    if (!runner) throw new Error('StockService: stock changes must run inside a transaction (inTransaction)');
    const ordered = [...steps].sort(byLockOrder);
    for (const step of ordered) {
      if (step.onHandDelta > 0 && step.reservedDelta === 0) await runner.query(this.upsertSql, [step.warehouseId, step.productId], true);
      const { affected } = await runner.query(
        this.updateSql,
        [step.onHandDelta, step.reservedDelta, step.warehouseId, step.productId, step.reservedDelta - step.onHandDelta, -step.reservedDelta, step.onHandDelta],
        true,
      );
      if (!affected) throw await this.shortage(em, step, context.failurePrefix ?? '');
    }
    const ledger = ordered.map(
      (step): Partial<StockMovement> => ({
        warehouseId: step.warehouseId,
        productId: step.productId,
        reason: step.reason,
        onHandDelta: step.onHandDelta,
        reservedDelta: step.reservedDelta,
        refType: context.ref?.type ?? null,
        refId: context.ref?.id ?? null,
        refNumber: context.ref?.number ?? null,
        note: context.note ?? null,
        actorId: context.actorId,
      }),
    );
    // One statement, hand-written (infra/raw-sql): id and createdAt are the table's defaults, nothing is read back.
    await execute(
      em,
      `INSERT INTO stock_movements (${LEDGER_COLUMNS.join(', ')}) VALUES ${ledger.map(() => LEDGER_ROW).join(', ')}`,
      ledger.flatMap((row) => columnValues(em, StockMovement, row, LEDGER_COLUMNS)),
    );
  }

  /** Why a conditional update matched no row, in one query: unknown product or warehouse, or too little stock. */
  private async shortage(em: EntityManager, step: Step, prefix: string): Promise<AppError> {
    const row: { name: string; warehouseName: string | null; onHand: number | null; reserved: number | null } | undefined = await em
      .createQueryBuilder(Product, 'p')
      .select(['p.name AS name', 'w.name AS warehouseName', 'l.onHand AS onHand', 'l.reserved AS reserved'])
      .leftJoin(Warehouse, 'w', 'w.id = :warehouseId')
      .leftJoin(StockLevel, 'l', 'l.warehouseId = :warehouseId AND l.productId = p.id')
      .where('p.id = :productId')
      .setParameters({ warehouseId: step.warehouseId, productId: step.productId })
      .getRawOne();
    if (!row) return notFound(`产品（编号 ${step.productId}）`);
    if (row.warehouseName === null) return notFound(`仓库（编号 ${step.warehouseId}）`);
    const onHand = Number(row.onHand ?? 0);
    const reserved = Number(row.reserved ?? 0);
    const where = `${row.warehouseName}的「${row.name}」`;
    if (step.reservedDelta < 0 && reserved < -step.reservedDelta) {
      return conflict(`${prefix}${where}已占用数量不足：需要 ${-step.reservedDelta}，已占用 ${reserved}`, {
        productId: step.productId,
        requested: -step.reservedDelta,
        reserved,
      });
    }
    if (onHand + step.onHandDelta > MAX_ON_HAND) {
      return new AppError(409, ErrorCode.StockLimitExceeded, `${prefix}${where}库存将超过上限 ${MAX_ON_HAND}：现有 ${onHand}，增加 ${step.onHandDelta}`, {
        productId: step.productId,
        warehouseId: step.warehouseId,
        onHand,
        requested: step.onHandDelta,
        maxOnHand: MAX_ON_HAND,
      });
    }
    const requested = step.reservedDelta - step.onHandDelta;
    const available = onHand - reserved;
    return new AppError(409, ErrorCode.InsufficientStock, `${prefix}${where}库存不足：需要 ${requested}，可用 ${available}`, {
      productId: step.productId,
      warehouseId: step.warehouseId,
      requested,
      available,
    });
  }

  private async requireProducts(em: EntityManager, productIds: string[]): Promise<void> {
    const found = new Set((await em.find(Product, { select: { id: true }, where: { id: In(productIds) } })).map((product) => product.id));
    const missing = productIds.filter((id) => !found.has(id));
    if (missing.length > 0) throw notFound(`产品（编号 ${missing.join('、')}）`);
  }

  private levelQuery(query: { warehouseId?: string; q?: string }) {
    const qb = this.dataSource.getRepository(StockLevel).createQueryBuilder('l');
    if (query.warehouseId) qb.andWhere('l.warehouseId = :warehouseId', { warehouseId: query.warehouseId });
    if (query.q) {
      qb.innerJoin(Product, 'p', 'p.id = l.productId').andWhere(`(p.name LIKE :q ${LIKE_ESCAPE} OR p.sku LIKE :q ${LIKE_ESCAPE})`, {
        q: likePattern(query.q),
      });
    }
    return qb;
  }

  private async levelsFor(em: EntityManager, warehouseId: string, productIds: string[]): Promise<StockLevelDto[]> {
    const levels = await em.find(StockLevel, { where: { warehouseId, productId: In(productIds) } });
    levels.sort((a, b) => byNumericId(a.productId, b.productId));
    return this.describe(em, levels);
  }

  private async describe(em: EntityManager, levels: StockLevel[]): Promise<StockLevelDto[]> {
    const [products, warehouses] = await Promise.all([
      this.productsById(em, levels.map((l) => l.productId)),
      this.warehousesById(em, levels.map((l) => l.warehouseId)),
    ]);
    return levels.map((level) => levelDto(level, products, warehouses));
  }

  private async productsById(em: EntityManager, ids: string[]): Promise<Map<string, Product>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const products = await em.find(Product, { select: { id: true, sku: true, name: true, unit: true }, where: { id: In(unique) } });
    return new Map(products.map((product) => [product.id, product]));
  }

  private async warehousesById(em: EntityManager, ids: string[]): Promise<Map<string, Warehouse>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const warehouses = await em.find(Warehouse, { select: { id: true, name: true }, where: { id: In(unique) } });
    return new Map(warehouses.map((warehouse) => [warehouse.id, warehouse]));
  }
}
