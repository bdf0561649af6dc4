import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The approval kinds the sales documents and stocktakes added to APPROVAL_KINDS. */
export class ApprovalKinds1795373170848 implements MigrationInterface {
    name = 'ApprovalKinds1795373170848';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE `approvals` CHANGE `kind` `kind` enum ('claim_customer', 'claim_lead', 'claim_opportunity', 'quote_price', 'contract', 'order_credit', 'order_price', 'stocktake') NOT NULL");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("ALTER TABLE `approvals` CHANGE `kind` `kind` enum ('claim_customer', 'claim_lead', 'claim_opportunity') NOT NULL");
    }
}
