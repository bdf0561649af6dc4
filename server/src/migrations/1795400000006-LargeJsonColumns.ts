import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Settings and audit changes hold JSON that the schemas allow past TEXT's 64 KB (500 grade discounts in CJK). */
export class LargeJsonColumns1795400000006 implements MigrationInterface {
    name = 'LargeJsonColumns1795400000006';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE `settings` MODIFY `value` mediumtext NOT NULL");
        await queryRunner.query("ALTER TABLE `audit_logs` MODIFY `changes` mediumtext NULL");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE `audit_logs` MODIFY `changes` text NULL");
        await queryRunner.query("ALTER TABLE `settings` MODIFY `value` text NOT NULL");
    }
}
