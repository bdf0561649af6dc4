import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency keys recorded in the database, in the same transaction as the request's effect. */
export class IdempotencyKeys1795400000001 implements MigrationInterface {
    name = 'IdempotencyKeys1795400000001';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TABLE `idempotency_keys` (`id` bigint NOT NULL AUTO_INCREMENT, `scope` varchar(255) NOT NULL, `idempotencyKey` varchar(128) NOT NULL, `requestHash` varchar(64) NOT NULL, `transactionResult` mediumtext NULL, `responseStatus` int NULL, `responseBody` mediumtext NULL, `createdAt` datetime(6) NOT NULL, INDEX `ix_idempotency_keys_created` (`createdAt`), UNIQUE INDEX `uq_idempotency_keys_scope_key` (`scope`, `idempotencyKey`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX `uq_idempotency_keys_scope_key` ON `idempotency_keys`");
        await queryRunner.query("DROP INDEX `ix_idempotency_keys_created` ON `idempotency_keys`");
        await queryRunner.query("DROP TABLE `idempotency_keys`");
    }
}
