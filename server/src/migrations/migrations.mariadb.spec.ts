import { openDatabase } from '../infra/db';
import { createTestMysqlDatabase } from '../testing/test-server';
import { migrations } from './index';

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

describe('several instances starting at once', () => {
  it('migrate the database once and all start', async () => {
    const databaseUrl = await createTestMysqlDatabase();
    const dataSources = await Promise.all(Array.from({ length: 3 }, () => openDatabase({ databaseUrl, dataDir: '/tmp' })));
    try {
      const applied = await dataSources[0].query('SELECT name FROM schema_migrations');
      expect(applied.map((row: { name: string }) => row.name).sort()).toEqual(migrations.map((m) => m.name).sort());
    } finally {
      await Promise.all(dataSources.map((ds) => ds.destroy()));
    }
  });
});
