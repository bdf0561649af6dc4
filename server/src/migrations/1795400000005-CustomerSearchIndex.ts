import type { MigrationInterface, QueryRunner } from 'typeorm';
import { mobilePrefixes, searchGrams } from '@wesale/shared';

const BATCH = 500;

/**
 * The customer search index never scans: names get their one- and three-character pieces beside the two-character
 * ones, mobiles get an index of their leading parts. Existing customers are indexed here, a batch at a time.
 */
export class CustomerSearchIndex1795400000005 implements MigrationInterface {
    name = 'CustomerSearchIndex1795400000005';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("CREATE TABLE `customer_mobile_prefixes` (`prefix` varchar(11) NOT NULL, `customerId` bigint NOT NULL, INDEX `ix_customer_mobile_prefixes_customer` (`customerId`), PRIMARY KEY (`prefix`, `customerId`)) ENGINE=InnoDB");
        let lastId = '0';
        for (;;) {
            const customers: Array<{ id: string | number; name: string; mobile: string | null }> = await queryRunner.query(
                'SELECT `id`, `name`, `mobile` FROM `customers` WHERE `id` > ? ORDER BY `id` LIMIT ?',
                [lastId, BATCH],
            );
            if (customers.length === 0) break;
            const grams = customers.flatMap((c) => searchGrams(c.name).map((gram) => [gram, c.id]));
            if (grams.length) {
                await queryRunner.query(`INSERT IGNORE INTO \`customer_name_grams\` (\`gram\`, \`customerId\`) VALUES ${grams.map(() => '(?, ?)').join(', ')}`, grams.flat());
            }
            const prefixes = customers.flatMap((c) => (c.mobile ? mobilePrefixes(c.mobile).map((prefix) => [prefix, c.id]) : []));
            if (prefixes.length) {
                await queryRunner.query(`INSERT IGNORE INTO \`customer_mobile_prefixes\` (\`prefix\`, \`customerId\`) VALUES ${prefixes.map(() => '(?, ?)').join(', ')}`, prefixes.flat());
            }
            lastId = String(customers[customers.length - 1].id);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query("DROP INDEX `ix_customer_mobile_prefixes_customer` ON `customer_mobile_prefixes`");
        await queryRunner.query("DROP TABLE `customer_mobile_prefixes`");
        await queryRunner.query("DELETE FROM `customer_name_grams` WHERE CHAR_LENGTH(`gram`) <> 2");
    }
}
