import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Staff administration: a token version per user (revocable sessions), staff mobiles, a team's manager. */
export class StaffAdministration1795400000002 implements MigrationInterface {
    name = 'StaffAdministration1795400000002';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE `users` ADD `mobile` varchar(20) NULL");
        await queryRunner.query("ALTER TABLE `users` ADD `tokenVersion` int NOT NULL DEFAULT '0'");
        await queryRunner.query("ALTER TABLE `teams` ADD `managerId` bigint NULL");
        await queryRunner.query("CREATE INDEX `ix_teams_manager` ON `teams` (`managerId`)");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX `ix_teams_manager` ON `teams`");
        await queryRunner.query("ALTER TABLE `teams` DROP COLUMN `managerId`");
        await queryRunner.query("ALTER TABLE `users` DROP COLUMN `tokenVersion`");
        await queryRunner.query("ALTER TABLE `users` DROP COLUMN `mobile`");
    }
}
