import { openDatabase } from '../infra/db';
import { createTestMysqlDatabase } from '../testing/test-server';

describe('MySQL migrations', () => {
  it('build exactly the schema the entities describe (no drift)', async () => {
    const dataSource = await openDatabase({ databaseUrl: await createTestMysqlDatabase(), dataDir: '/tmp' });
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('revert cleanly to an empty database', async () => {
    const dataSource = await openDatabase({ databaseUrl: await createTestMysqlDatabase(), dataDir: '/tmp' });
    try {
      while ((await dataSource.query('SELECT COUNT(*) AS n FROM schema_migrations'))[0].n > 0) await dataSource.undoLastMigration();
      const tables = await dataSource.query("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name <> 'schema_migrations'");
      expect(tables).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
