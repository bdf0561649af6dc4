import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Quotes1795373305590 implements MigrationInterface {
    name = 'Quotes1795373305590';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TABLE `quote_lines` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `lineNo` int NOT NULL, `productId` bigint NOT NULL, `sku` varchar(64) NOT NULL, `productName` varchar(120) NOT NULL, `spec` varchar(120) NOT NULL DEFAULT '', `unit` varchar(16) NOT NULL, `quantity` int NOT NULL, `listPriceFen` bigint NOT NULL, `unitPriceFen` bigint NOT NULL, `discountFen` bigint NOT NULL DEFAULT '0', `taxRateBp` int NOT NULL, `totalFen` bigint NOT NULL, `taxFen` bigint NOT NULL, `costFen` bigint NOT NULL, `floorPriceFen` bigint NOT NULL, `quoteId` bigint NOT NULL, `effectiveDiscountBp` int NOT NULL DEFAULT '0', `beyondRepLimit` tinyint NOT NULL DEFAULT 0, UNIQUE INDEX `uq_quote_lines_quote_line` (`quoteId`, `lineNo`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
        await queryRunner.query("CREATE TABLE `quotes` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `number` varchar(32) NOT NULL, `customerId` bigint NOT NULL, `customerName` varchar(120) NOT NULL, `ownerId` bigint NULL, `teamId` bigint NULL, `createdBy` bigint NULL, `grossFen` bigint NOT NULL DEFAULT '0', `discountFen` bigint NOT NULL DEFAULT '0', `totalFen` bigint NOT NULL DEFAULT '0', `taxFen` bigint NOT NULL DEFAULT '0', `costFen` bigint NOT NULL DEFAULT '0', `remarks` varchar(1000) NULL, `opportunityId` bigint NULL, `contactName` varchar(60) NULL, `contactMobile` varchar(20) NULL, `version` int NOT NULL DEFAULT '1', `rootId` bigint NULL, `supersededById` bigint NULL, `isLatest` tinyint NOT NULL DEFAULT 1, `validUntil` varchar(10) NOT NULL, `terms` text NOT NULL, `status` enum ('draft', 'pending_approval', 'approved', 'sent', 'accepted', 'declined', 'expired', 'superseded') NOT NULL DEFAULT 'draft', `approvalReasons` text NOT NULL, `submittedAt` datetime(6) NULL, `approvedBy` bigint NULL, `approvedAt` datetime(6) NULL, `sentAt` datetime(6) NULL, `respondedAt` datetime(6) NULL, `respondedByAccountId` bigint NULL, `respondedByUserId` bigint NULL, `responseNote` varchar(500) NULL, INDEX `ix_quotes_status_valid_until` (`status`, `validUntil`), INDEX `ix_quotes_opportunity` (`opportunityId`), INDEX `ix_quotes_team` (`teamId`), INDEX `ix_quotes_owner` (`ownerId`), INDEX `ix_quotes_customer` (`customerId`), INDEX `ix_quotes_root_version` (`rootId`, `version`), UNIQUE INDEX `uq_quotes_number` (`number`, `version`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX `uq_quotes_number` ON `quotes`");
        await queryRunner.query("DROP INDEX `ix_quotes_root_version` ON `quotes`");
        await queryRunner.query("DROP INDEX `ix_quotes_customer` ON `quotes`");
        await queryRunner.query("DROP INDEX `ix_quotes_owner` ON `quotes`");
        await queryRunner.query("DROP INDEX `ix_quotes_team` ON `quotes`");
        await queryRunner.query("DROP INDEX `ix_quotes_opportunity` ON `quotes`");
        await queryRunner.query("DROP INDEX `ix_quotes_status_valid_until` ON `quotes`");
        await queryRunner.query("DROP TABLE `quotes`");
        await queryRunner.query("DROP INDEX `uq_quote_lines_quote_line` ON `quote_lines`");
        await queryRunner.query("DROP TABLE `quote_lines`");
    }
}
