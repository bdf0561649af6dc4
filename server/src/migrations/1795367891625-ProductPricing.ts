import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProductPricing1795367891625 implements MigrationInterface {
    name = 'ProductPricing1795367891625';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE `products` ADD `costFen` bigint NOT NULL DEFAULT '0'");
        await queryRunner.query("ALTER TABLE `products` ADD `floorPriceFen` bigint NOT NULL DEFAULT '0'");
        await queryRunner.query("ALTER TABLE `products` ADD `taxRateBp` int NOT NULL DEFAULT '1300'");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE `products` DROP COLUMN `taxRateBp`");
        await queryRunner.query("ALTER TABLE `products` DROP COLUMN `floorPriceFen`");
        await queryRunner.query("ALTER TABLE `products` DROP COLUMN `costFen`");
    }
}
