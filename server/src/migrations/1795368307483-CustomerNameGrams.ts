import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CustomerNameGrams1795368307483 implements MigrationInterface {
    name = 'CustomerNameGrams1795368307483';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TABLE `customer_name_grams` (`gram` varchar(8) NOT NULL, `customerId` bigint NOT NULL, INDEX `ix_customer_name_grams_customer` (`customerId`), PRIMARY KEY (`gram`, `customerId`)) ENGINE=InnoDB");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX `ix_customer_name_grams_customer` ON `customer_name_grams`");
        await queryRunner.query("DROP TABLE `customer_name_grams`");
    }
}
