import { apiClient } from '../../testing/http';
import { createTestMysqlDatabase, startTestServer, type TestServer } from '../../testing/test-server';
import { startMariaDb, startRedis } from '../../testing/services';

// Each case stops a server, so it runs on MariaDB and Redis of its own, never the ones the other suites share.
describe('GET /healthz', () => {
  it('is 200 with both up and 503 naming Redis when Redis stops', async () => {
    const redis = await startRedis();
    const server = await startTestServer({ env: { REDIS_URL: redis.url } });
    try {
      const up = await apiClient(server.url).get('/healthz');
      expect(up.status).toBe(200);
      expect(up.body).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up' } });
      await redis.stop();
      const down = await apiClient(server.url).get('/healthz');
      expect(down.status).toBe(503);
      expect(down.body).toEqual({ status: 'degraded', checks: { database: 'up', redis: 'down' } });
    } finally {
      await server.close();
      await redis.stop();
    }
  });

  it('is 503 naming the database when MariaDB stops', async () => {
    const mariadb = await startMariaDb();
    const previous = process.env.TEST_MYSQL_URL;
    process.env.TEST_MYSQL_URL = mariadb.url;
    let server: TestServer | undefined;
    try {
      server = await startTestServer({ databaseUrl: await createTestMysqlDatabase() });
      expect((await apiClient(server.url).get('/healthz')).status).toBe(200);
      await mariadb.stop();
      const down = await apiClient(server.url).get('/healthz');
      expect(down.status).toBe(503);
      expect(down.body.checks).toEqual({ database: 'down', redis: 'up' });
    } finally {
      process.env.TEST_MYSQL_URL = previous;
      await server?.close();
      await mariadb.stop();
    }
  });
});
