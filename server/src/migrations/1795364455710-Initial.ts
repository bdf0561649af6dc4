import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795364455710 implements MigrationInterface {
    name = 'Initial1795364455710';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TABLE `audit_logs` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `actorKind` enum ('staff', 'customer', 'service') NOT NULL, `actorId` varchar(32) NOT NULL, `action` varchar(64) NOT NULL, `subjectType` varchar(32) NOT NULL, `subjectId` varchar(32) NOT NULL, `changes` text NULL, INDEX `ix_audit_logs_subject` (`subjectType`, `subjectId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
        await queryRunner.query("CREATE TABLE `customer_accounts` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `openid` varchar(64) NOT NULL, `unionid` varchar(64) NULL, `displayName` varchar(64) NOT NULL, `leadId` bigint NULL, `active` tinyint NOT NULL DEFAULT 1, UNIQUE INDEX `uq_customer_accounts_unionid` (`unionid`), UNIQUE INDEX `uq_customer_accounts_openid` (`openid`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
        await queryRunner.query("CREATE TABLE `teams` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `name` varchar(64) NOT NULL, UNIQUE INDEX `uq_teams_name` (`name`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
        await queryRunner.query("CREATE TABLE `users` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `username` varchar(64) NOT NULL, `displayName` varchar(64) NOT NULL, `passwordHash` varchar(100) NOT NULL, `role` enum ('admin', 'manager', 'rep', 'finance', 'warehouse') NOT NULL, `teamId` bigint NULL, `maxDiscountBp` int NOT NULL DEFAULT '0', `active` tinyint NOT NULL DEFAULT 1, INDEX `ix_users_team` (`teamId`), UNIQUE INDEX `uq_users_username` (`username`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
        await queryRunner.query("CREATE TABLE `leads` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `name` varchar(64) NOT NULL, `source` enum ('wechat_friend', 'mp_follower', 'miniprogram', 'manual', 'import') NOT NULL, `status` enum ('new', 'contacted', 'qualified', 'converted', 'lost') NOT NULL DEFAULT 'new', `ownerId` bigint NULL, `mobile` varchar(20) NULL, `company` varchar(120) NULL, `notes` text NULL, `wechatContactId` varchar(128) NULL, `openid` varchar(64) NULL, `unionid` varchar(64) NULL, INDEX `ix_leads_mobile` (`mobile`), INDEX `ix_leads_unionid` (`unionid`), INDEX `ix_leads_owner_status` (`ownerId`, `status`), UNIQUE INDEX `uq_leads_openid` (`openid`), UNIQUE INDEX `uq_leads_wechat_contact` (`wechatContactId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
        await queryRunner.query("CREATE TABLE `products` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `sku` varchar(64) NOT NULL, `name` varchar(120) NOT NULL, `spec` varchar(120) NOT NULL DEFAULT '', `unit` varchar(16) NOT NULL, `category` varchar(64) NOT NULL, `priceFen` bigint NOT NULL, `status` enum ('active', 'inactive') NOT NULL DEFAULT 'active', INDEX `ix_products_name` (`name`), INDEX `ix_products_status_category` (`status`, `category`), UNIQUE INDEX `uq_products_sku` (`sku`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX `uq_products_sku` ON `products`");
        await queryRunner.query("DROP INDEX `ix_products_status_category` ON `products`");
        await queryRunner.query("DROP INDEX `ix_products_name` ON `products`");
        await queryRunner.query("DROP TABLE `products`");
        await queryRunner.query("DROP INDEX `uq_leads_wechat_contact` ON `leads`");
        await queryRunner.query("DROP INDEX `uq_leads_openid` ON `leads`");
        await queryRunner.query("DROP INDEX `ix_leads_owner_status` ON `leads`");
        await queryRunner.query("DROP INDEX `ix_leads_unionid` ON `leads`");
        await queryRunner.query("DROP INDEX `ix_leads_mobile` ON `leads`");
        await queryRunner.query("DROP TABLE `leads`");
        await queryRunner.query("DROP INDEX `uq_users_username` ON `users`");
        await queryRunner.query("DROP INDEX `ix_users_team` ON `users`");
        await queryRunner.query("DROP TABLE `users`");
        await queryRunner.query("DROP INDEX `uq_teams_name` ON `teams`");
        await queryRunner.query("DROP TABLE `teams`");
        await queryRunner.query("DROP INDEX `uq_customer_accounts_openid` ON `customer_accounts`");
        await queryRunner.query("DROP INDEX `uq_customer_accounts_unionid` ON `customer_accounts`");
        await queryRunner.query("DROP TABLE `customer_accounts`");
        await queryRunner.query("DROP INDEX `ix_audit_logs_subject` ON `audit_logs`");
        await queryRunner.query("DROP TABLE `audit_logs`");
    }
}
