import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Customer login by SMS code: accounts by mobile (openid becomes optional) and the live codes. */
export class CustomerSmsLogin1795400000004 implements MigrationInterface {
    name = 'CustomerSmsLogin1795400000004';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE `customer_accounts` CHANGE `openid` `openid` varchar(64) NULL");
        await queryRunner.query("ALTER TABLE `customer_accounts` ADD `mobile` varchar(20) NULL");
        await queryRunner.query("CREATE UNIQUE INDEX `uq_customer_accounts_mobile` ON `customer_accounts` (`mobile`)");
        await queryRunner.query("CREATE TABLE `sms_codes` (`id` bigint NOT NULL AUTO_INCREMENT, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `mobile` varchar(20) NOT NULL, `codeHash` varchar(64) NOT NULL, `expiresAt` datetime(6) NOT NULL, `attempts` int NOT NULL DEFAULT '0', UNIQUE INDEX `uq_sms_codes_mobile` (`mobile`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX `uq_sms_codes_mobile` ON `sms_codes`");
        await queryRunner.query("DROP TABLE `sms_codes`");
        await queryRunner.query("DROP INDEX `uq_customer_accounts_mobile` ON `customer_accounts`");
        await queryRunner.query("ALTER TABLE `customer_accounts` DROP COLUMN `mobile`");
        // Accounts made by SMS login have no openid and cannot exist in the older schema.
        await queryRunner.query("DELETE FROM `customer_accounts` WHERE `openid` IS NULL");
        await queryRunner.query("ALTER TABLE `customer_accounts` CHANGE `openid` `openid` varchar(64) NOT NULL");
    }
}
