import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Orders1795373620632 implements MigrationInterface {
    name = 'Orders1795373620632';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TABLE `orders` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `number` varchar(32) NOT NULL, `customerId` bigint NOT NULL, `customerName` varchar(120) NOT NULL, `ownerId` bigint NULL, `teamId` bigint NULL, `createdBy` bigint NULL, `grossFen` bigint NOT NULL DEFAULT '0', `discountFen` bigint NOT NULL DEFAULT '0', `totalFen` bigint NOT NULL DEFAULT '0', `taxFen` bigint NOT NULL DEFAULT '0', `costFen` bigint NOT NULL DEFAULT '0', `remarks` varchar(1000) NULL, `channel` enum ('contract', 'miniprogram', 'rep', 'counter') NOT NULL, `contractId` bigint NULL, `status` enum ('pending_review', 'confirmed', 'partially_shipped', 'shipped', 'delivered', 'completed', 'cancelled') NOT NULL DEFAULT 'pending_review', `warehouseId` bigint NULL, `paidFen` bigint NOT NULL DEFAULT '0', `reviewStatus` enum ('not_required', 'pending', 'approved', 'rejected') NOT NULL DEFAULT 'not_required', `pendingApprovals` int NOT NULL DEFAULT '0', `reviewReasons` text NULL, `shippingAddress` varchar(200) NULL, `contactName` varchar(60) NULL, `contactPhone` varchar(32) NULL, `confirmedAt` datetime(6) NULL, `cancelledAt` datetime(6) NULL, `cancelReason` varchar(200) NULL, `deliveredAt` datetime(6) NULL, `completedAt` datetime(6) NULL, INDEX `ix_orders_contract` (`contractId`), INDEX `ix_orders_team` (`teamId`), INDEX `ix_orders_owner` (`ownerId`), INDEX `ix_orders_customer_status` (`customerId`, `status`, `totalFen`, `paidFen`), UNIQUE INDEX `uq_orders_number` (`number`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
        await queryRunner.query("CREATE TABLE `order_events` (`id` bigint NOT NULL AUTO_INCREMENT, `orderId` bigint NOT NULL, `fromStatus` enum ('pending_review', 'confirmed', 'partially_shipped', 'shipped', 'delivered', 'completed', 'cancelled') NULL, `toStatus` enum ('pending_review', 'confirmed', 'partially_shipped', 'shipped', 'delivered', 'completed', 'cancelled') NOT NULL, `actorType` enum ('staff', 'customer', 'system') NOT NULL, `actorId` bigint NULL, `note` varchar(500) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_order_events_order` (`orderId`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
        await queryRunner.query("CREATE TABLE `order_lines` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `lineNo` int NOT NULL, `productId` bigint NOT NULL, `sku` varchar(64) NOT NULL, `productName` varchar(120) NOT NULL, `spec` varchar(120) NOT NULL DEFAULT '', `unit` varchar(16) NOT NULL, `quantity` int NOT NULL, `listPriceFen` bigint NOT NULL, `unitPriceFen` bigint NOT NULL, `discountFen` bigint NOT NULL DEFAULT '0', `taxRateBp` int NOT NULL, `totalFen` bigint NOT NULL, `taxFen` bigint NOT NULL, `costFen` bigint NOT NULL, `floorPriceFen` bigint NOT NULL, `orderId` bigint NOT NULL, `contractLineId` bigint NULL, `shippedQty` int NOT NULL DEFAULT '0', INDEX `ix_order_lines_contract_line` (`contractLineId`), UNIQUE INDEX `uq_order_lines_line` (`orderId`, `lineNo`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
        await queryRunner.query("CREATE TABLE `payments` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `customerId` bigint NOT NULL, `orderId` bigint NULL, `amountFen` bigint NOT NULL, `method` enum ('cash', 'wechat', 'alipay', 'bank_transfer', 'card') NOT NULL, `receivedAt` datetime(6) NOT NULL, `recordedBy` bigint NULL, `note` varchar(200) NULL, INDEX `ix_payments_order` (`orderId`), INDEX `ix_payments_customer` (`customerId`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
        await queryRunner.query("CREATE TABLE `shipments` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `number` varchar(32) NOT NULL, `orderId` bigint NOT NULL, `orderNumber` varchar(32) NOT NULL, `customerId` bigint NOT NULL, `customerName` varchar(120) NOT NULL, `ownerId` bigint NULL, `teamId` bigint NULL, `warehouseId` bigint NOT NULL, `status` enum ('pending', 'shipped', 'delivered', 'cancelled') NOT NULL DEFAULT 'pending', `carrier` varchar(60) NULL, `trackingNumber` varchar(60) NULL, `shippedAt` datetime(6) NULL, `shippedBy` bigint NULL, `deliveredAt` datetime(6) NULL, `createdBy` bigint NULL, INDEX `ix_shipments_team` (`teamId`), INDEX `ix_shipments_owner` (`ownerId`), INDEX `ix_shipments_customer` (`customerId`), INDEX `ix_shipments_order` (`orderId`, `status`), UNIQUE INDEX `uq_shipments_number` (`number`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
        await queryRunner.query("CREATE TABLE `shipment_lines` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `shipmentId` bigint NOT NULL, `orderLineId` bigint NOT NULL, `productId` bigint NOT NULL, `quantity` int NOT NULL, INDEX `ix_shipment_lines_order_line` (`orderLineId`), INDEX `ix_shipment_lines_shipment` (`shipmentId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX `ix_shipment_lines_shipment` ON `shipment_lines`");
        await queryRunner.query("DROP INDEX `ix_shipment_lines_order_line` ON `shipment_lines`");
        await queryRunner.query("DROP TABLE `shipment_lines`");
        await queryRunner.query("DROP INDEX `uq_shipments_number` ON `shipments`");
        await queryRunner.query("DROP INDEX `ix_shipments_order` ON `shipments`");
        await queryRunner.query("DROP INDEX `ix_shipments_customer` ON `shipments`");
        await queryRunner.query("DROP INDEX `ix_shipments_owner` ON `shipments`");
        await queryRunner.query("DROP INDEX `ix_shipments_team` ON `shipments`");
        await queryRunner.query("DROP TABLE `shipments`");
        await queryRunner.query("DROP INDEX `ix_payments_customer` ON `payments`");
        await queryRunner.query("DROP INDEX `ix_payments_order` ON `payments`");
        await queryRunner.query("DROP TABLE `payments`");
        await queryRunner.query("DROP INDEX `uq_order_lines_line` ON `order_lines`");
        await queryRunner.query("DROP INDEX `ix_order_lines_contract_line` ON `order_lines`");
        await queryRunner.query("DROP TABLE `order_lines`");
        await queryRunner.query("DROP INDEX `ix_order_events_order` ON `order_events`");
        await queryRunner.query("DROP TABLE `order_events`");
        await queryRunner.query("DROP INDEX `uq_orders_number` ON `orders`");
        await queryRunner.query("DROP INDEX `ix_orders_customer_status` ON `orders`");
        await queryRunner.query("DROP INDEX `ix_orders_owner` ON `orders`");
        await queryRunner.query("DROP INDEX `ix_orders_team` ON `orders`");
        await queryRunner.query("DROP INDEX `ix_orders_contract` ON `orders`");
        await queryRunner.query("DROP TABLE `orders`");
    }
}
