import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Stock1795373170847 implements MigrationInterface {
    name = 'Stock1795373170847';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TABLE `stock_levels` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `warehouseId` bigint NOT NULL, `productId` bigint NOT NULL, `onHand` int NOT NULL DEFAULT '0', `reserved` int NOT NULL DEFAULT '0', `minQty` int NOT NULL DEFAULT '0', `maxQty` int NOT NULL DEFAULT '0', INDEX `ix_stock_levels_product` (`productId`), UNIQUE INDEX `uq_stock_levels_warehouse_product` (`warehouseId`, `productId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
        // TypeORM does not manage CHECK constraints on MySQL/MariaDB: the one StockLevel declares for SQLite is added here.
        await queryRunner.query("ALTER TABLE `stock_levels` ADD CONSTRAINT `ck_stock_levels_quantities` CHECK (`reserved` >= 0 AND `onHand` >= `reserved` AND `minQty` >= 0 AND `maxQty` >= 0)");
        await queryRunner.query("CREATE TABLE `stock_movements` (`id` bigint NOT NULL AUTO_INCREMENT, `warehouseId` bigint NOT NULL, `productId` bigint NOT NULL, `reason` enum ('purchase_in', 'sale_out', 'return_in', 'transfer_out', 'transfer_in', 'adjustment', 'stocktake', 'reserve', 'release') NOT NULL, `onHandDelta` int NOT NULL DEFAULT '0', `reservedDelta` int NOT NULL DEFAULT '0', `refType` varchar(32) NULL, `refId` bigint NULL, `refNumber` varchar(40) NULL, `note` varchar(200) NULL, `actorId` bigint NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_stock_movements_ref` (`refType`, `refId`), INDEX `ix_stock_movements_product` (`productId`, `id`), INDEX `ix_stock_movements_warehouse_product` (`warehouseId`, `productId`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
        await queryRunner.query("CREATE TABLE `stocktakes` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `number` varchar(40) NULL, `warehouseId` bigint NOT NULL, `openWarehouseId` bigint NULL, `status` enum ('counting', 'pending_approval', 'approved', 'rejected', 'cancelled') NOT NULL DEFAULT 'counting', `note` varchar(200) NULL, `approvalId` bigint NULL, `createdBy` bigint NULL, `submittedAt` datetime(6) NULL, `appliedAt` datetime(6) NULL, INDEX `ix_stocktakes_warehouse` (`warehouseId`, `id`), UNIQUE INDEX `uq_stocktakes_open_warehouse` (`openWarehouseId`), UNIQUE INDEX `uq_stocktakes_number` (`number`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
        await queryRunner.query("CREATE TABLE `stocktake_lines` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `stocktakeId` bigint NOT NULL, `productId` bigint NOT NULL, `expectedQty` int NOT NULL, `countedQty` int NULL, UNIQUE INDEX `uq_stocktake_lines_stocktake_product` (`stocktakeId`, `productId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
        await queryRunner.query("CREATE TABLE `warehouses` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `code` varchar(32) NOT NULL, `name` varchar(60) NOT NULL, `address` varchar(200) NOT NULL DEFAULT '', `active` tinyint NOT NULL DEFAULT 1, `isDefault` tinyint NOT NULL DEFAULT 0, UNIQUE INDEX `uq_warehouses_code` (`code`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX `uq_warehouses_code` ON `warehouses`");
        await queryRunner.query("DROP TABLE `warehouses`");
        await queryRunner.query("DROP INDEX `uq_stocktake_lines_stocktake_product` ON `stocktake_lines`");
        await queryRunner.query("DROP TABLE `stocktake_lines`");
        await queryRunner.query("DROP INDEX `uq_stocktakes_number` ON `stocktakes`");
        await queryRunner.query("DROP INDEX `uq_stocktakes_open_warehouse` ON `stocktakes`");
        await queryRunner.query("DROP INDEX `ix_stocktakes_warehouse` ON `stocktakes`");
        await queryRunner.query("DROP TABLE `stocktakes`");
        await queryRunner.query("DROP INDEX `ix_stock_movements_warehouse_product` ON `stock_movements`");
        await queryRunner.query("DROP INDEX `ix_stock_movements_product` ON `stock_movements`");
        await queryRunner.query("DROP INDEX `ix_stock_movements_ref` ON `stock_movements`");
        await queryRunner.query("DROP TABLE `stock_movements`");
        await queryRunner.query("DROP INDEX `uq_stock_levels_warehouse_product` ON `stock_levels`");
        await queryRunner.query("DROP INDEX `ix_stock_levels_product` ON `stock_levels`");
        await queryRunner.query("DROP TABLE `stock_levels`");
    }
}
