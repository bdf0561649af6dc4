import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Contracts1795373405033 implements MigrationInterface {
    name = 'Contracts1795373405033';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TABLE `contracts` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `number` varchar(32) NOT NULL, `customerId` bigint NOT NULL, `customerName` varchar(120) NOT NULL, `ownerId` bigint NULL, `teamId` bigint NULL, `createdBy` bigint NULL, `grossFen` bigint NOT NULL DEFAULT '0', `discountFen` bigint NOT NULL DEFAULT '0', `totalFen` bigint NOT NULL DEFAULT '0', `taxFen` bigint NOT NULL DEFAULT '0', `costFen` bigint NOT NULL DEFAULT '0', `remarks` varchar(1000) NULL, `title` varchar(120) NOT NULL, `status` enum ('draft', 'pending_approval', 'approved', 'signed', 'active', 'completed', 'terminated') NOT NULL DEFAULT 'draft', `quoteId` bigint NULL, `opportunityId` bigint NULL, `startDate` varchar(10) NOT NULL, `endDate` varchar(10) NULL, `terms` text NULL, `approvedBy` bigint NULL, `approvedAt` datetime(6) NULL, `signedAt` datetime(6) NULL, `signedByAccountId` bigint NULL, `signedByName` varchar(64) NULL, `terminatedReason` varchar(500) NULL, `terminatedAt` datetime(6) NULL, INDEX `ix_contracts_opportunity` (`opportunityId`), INDEX `ix_contracts_team` (`teamId`), INDEX `ix_contracts_owner_status` (`ownerId`, `status`), INDEX `ix_contracts_customer` (`customerId`), UNIQUE INDEX `uq_contracts_quote` (`quoteId`), UNIQUE INDEX `uq_contracts_number` (`number`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
        await queryRunner.query("CREATE TABLE `contract_installments` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `contractId` bigint NOT NULL, `seq` int NOT NULL, `dueDate` varchar(10) NOT NULL, `amountFen` bigint NOT NULL, `paidFen` bigint NOT NULL DEFAULT '0', `status` enum ('unpaid', 'partially_paid', 'paid') NOT NULL DEFAULT 'unpaid', `note` varchar(200) NULL, INDEX `ix_contract_installments_due` (`dueDate`), UNIQUE INDEX `uq_contract_installments_seq` (`contractId`, `seq`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
        await queryRunner.query("CREATE TABLE `contract_lines` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `lineNo` int NOT NULL, `productId` bigint NOT NULL, `sku` varchar(64) NOT NULL, `productName` varchar(120) NOT NULL, `spec` varchar(120) NOT NULL DEFAULT '', `unit` varchar(16) NOT NULL, `quantity` int NOT NULL, `listPriceFen` bigint NOT NULL, `unitPriceFen` bigint NOT NULL, `discountFen` bigint NOT NULL DEFAULT '0', `taxRateBp` int NOT NULL, `totalFen` bigint NOT NULL, `taxFen` bigint NOT NULL, `costFen` bigint NOT NULL, `floorPriceFen` bigint NOT NULL, `contractId` bigint NOT NULL, `effectiveDiscountBp` int NOT NULL DEFAULT '0', `beyondRepLimit` tinyint NOT NULL DEFAULT 0, UNIQUE INDEX `uq_contract_lines_line` (`contractId`, `lineNo`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX `uq_contract_lines_line` ON `contract_lines`");
        await queryRunner.query("DROP TABLE `contract_lines`");
        await queryRunner.query("DROP INDEX `uq_contract_installments_seq` ON `contract_installments`");
        await queryRunner.query("DROP INDEX `ix_contract_installments_due` ON `contract_installments`");
        await queryRunner.query("DROP TABLE `contract_installments`");
        await queryRunner.query("DROP INDEX `uq_contracts_number` ON `contracts`");
        await queryRunner.query("DROP INDEX `uq_contracts_quote` ON `contracts`");
        await queryRunner.query("DROP INDEX `ix_contracts_customer` ON `contracts`");
        await queryRunner.query("DROP INDEX `ix_contracts_owner_status` ON `contracts`");
        await queryRunner.query("DROP INDEX `ix_contracts_team` ON `contracts`");
        await queryRunner.query("DROP INDEX `ix_contracts_opportunity` ON `contracts`");
        await queryRunner.query("DROP TABLE `contracts`");
    }
}
