// Generates a MySQL/MariaDB migration from the difference between the entities and the schema the existing
// migrations build. Usage: npm run migration:generate -w @wesale/server -- <Name>
// It starts its own throwaway MariaDB (Debian's mariadb-server), so no database needs to be configured.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const serverDir = path.resolve(here, '..');
const { startMariaDb } = require('../../scripts/lib/services.cjs');

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('Usage: npm run migration:generate -w @wesale/server -- <PascalCaseName>');
  process.exit(2);
}

execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: serverDir, stdio: 'inherit' });
const mariadb = await startMariaDb();
try {
  const mysql = require('mysql2/promise');
  const connection = await mysql.createConnection(mariadb.url.replace(/^mariadb:/, 'mysql:'));
  await connection.query('CREATE DATABASE wesale_gen CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
  await connection.end();
  const { openDatabase } = require(path.join(serverDir, 'dist/infra/db.js'));
  const dataSource = await openDatabase({ databaseUrl: `${mariadb.url}/wesale_gen`, dataDir: '/tmp' });
  const sql = await dataSource.driver.createSchemaBuilder().log();
  await dataSource.destroy();
  if (sql.upQueries.length === 0) {
    console.log('The migrations already match the entities: nothing to generate.');
  } else {
    const timestamp = Date.now();
    const quote = (q) => `        await queryRunner.query(${JSON.stringify(q.query)});`;
    const file = path.join(serverDir, 'src/migrations', `${timestamp}-${name}.ts`);
    writeFileSync(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
    name = '${name}${timestamp}';

    public async up(queryRunner: QueryRunner): Promise<void> {
${sql.upQueries.map(quote).join('\n')}
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
${sql.downQueries.reverse().map(quote).join('\n')}
    }
}
`,
    );
    console.log(`Wrote ${path.relative(process.cwd(), file)} — add it to src/migrations/index.ts.`);
  }
} finally {
  await mariadb.stop();
}
