import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CustomerAccountCustomer1795365719940 implements MigrationInterface {
    name = 'CustomerAccountCustomer1795365719940';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE `customer_accounts` ADD `customerId` bigint NULL");
        await queryRunner.query("CREATE INDEX `ix_customer_accounts_customer` ON `customer_accounts` (`customerId`)");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX `ix_customer_accounts_customer` ON `customer_accounts`");
        await queryRunner.query("ALTER TABLE `customer_accounts` DROP COLUMN `customerId`");
    }
}
