import { Not, type DataSource, type EntityManager } from 'typeorm';
import type { Page, WarehouseCreate, WarehouseDto, WarehouseListQuery, WarehouseUpdate } from '@wesale/shared';
import { inTransaction, isUniqueViolation, likePattern, LIKE_ESCAPE } from '../../infra/db';
import { conflict, notFound } from '../../infra/errors';
import { paginate } from '../../infra/pagination';
import { StockLevel } from './stock-level.entity';
import { Warehouse } from './warehouse.entity';

export function toWarehouseDto(warehouse: Warehouse): WarehouseDto {
  return {
    id: warehouse.id,
    code: warehouse.code,
    name: warehouse.name,
    address: warehouse.address,
    active: warehouse.active,
    isDefault: warehouse.isDefault,
    createdAt: warehouse.createdAt.toISOString(),
    updatedAt: warehouse.updatedAt.toISOString(),
  };
}

/** A warehouse that may take stock changes (adjust, transfer, stocktake); 404 if unknown, 409 if deactivated. */
export async function requireActiveWarehouse(em: EntityManager, id: string): Promise<Warehouse> {
  const warehouse = await em.findOneBy(Warehouse, { id });
  if (!warehouse) throw notFound('仓库');
  if (!warehouse.active) throw conflict(`仓库「${warehouse.name}」已停用`, { warehouseId: id });
  return warehouse;
}

const duplicateCode = (code: string) => conflict(`仓库编码「${code}」已存在`, { field: 'code' });

/** Warehouses (仓库): at most one is the default, and the default is always active. */
export class WarehousesService {
  constructor(private readonly dataSource: DataSource) {}

  list(query: WarehouseListQuery): Promise<Page<WarehouseDto>> {
    const qb = this.dataSource.getRepository(Warehouse).createQueryBuilder('w');
    if (query.active !== undefined) qb.andWhere('w.active = :active', { active: query.active });
    if (query.q) qb.andWhere(`(w.name LIKE :q ${LIKE_ESCAPE} OR w.code LIKE :q ${LIKE_ESCAPE})`, { q: likePattern(query.q) });
    return paginate(qb, query, toWarehouseDto);
  }

  async get(id: string): Promise<WarehouseDto> {
    const warehouse = await this.dataSource.getRepository(Warehouse).findOneBy({ id });
    if (!warehouse) throw notFound('仓库');
    return toWarehouseDto(warehouse);
  }

  async create(input: WarehouseCreate): Promise<WarehouseDto> {
    if (input.isDefault && !input.active) throw conflict('停用的仓库不能设为默认仓库');
    try {
      return await inTransaction(this.dataSource, async (em) => {
        if (input.isDefault) await em.update(Warehouse, { isDefault: true }, { isDefault: false });
        const { identifiers } = await em.insert(Warehouse, { ...input });
        return toWarehouseDto(await em.findOneByOrFail(Warehouse, { id: String(identifiers[0].id) }));
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateCode(input.code);
      throw error;
    }
  }

  async update(id: string, input: WarehouseUpdate): Promise<WarehouseDto> {
    try {
      return await inTransaction(this.dataSource, async (em) => {
        const before = await em.findOneBy(Warehouse, { id });
        if (!before) throw notFound('仓库');
        const active = input.active ?? before.active;
        const isDefault = input.isDefault ?? before.isDefault;
        if (isDefault && !active) {
          throw conflict(before.isDefault ? '默认仓库不能停用，请先把其他仓库设为默认仓库' : '停用的仓库不能设为默认仓库');
        }
        if (before.active && !active) await this.assertEmpty(em, before);
        if (isDefault && !before.isDefault) await em.update(Warehouse, { isDefault: true, id: Not(id) }, { isDefault: false });
        await em.update(Warehouse, { id }, { ...input });
        return toWarehouseDto(await em.findOneByOrFail(Warehouse, { id }));
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateCode(input.code ?? '');
      throw error;
    }
  }

  /** Stock left in a deactivated warehouse could be neither sold nor counted. */
  private async assertEmpty(em: EntityManager, warehouse: Warehouse): Promise<void> {
    const stocked = await em
      .createQueryBuilder(StockLevel, 'l')
      .where('l.warehouseId = :id AND (l.onHand > 0 OR l.reserved > 0)', { id: warehouse.id })
      .getExists();
    if (stocked) throw conflict(`仓库「${warehouse.name}」中还有库存，清空或调出后才能停用`, { warehouseId: warehouse.id });
  }
}
