import { apiClient, loginAs } from '../../testing/http';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { Customer } from './customer.entity';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('duplicate control under concurrency (MariaDB)', () => {
  it('lets exactly one of many simultaneous creates of the same company through under the forbid policy', async () => {
    const api = apiClient(server.url);
    const [admin, rep1, rep2] = await Promise.all([loginAs(server, 'admin'), loginAs(server, 'rep1'), loginAs(server, 'rep2')]);
    await api.patch('/api/v1/settings/crm', { customerDuplicatePolicy: 'forbid' }, { token: admin });
    const attempts = Array.from({ length: 10 }, (_, i) =>
      api.post('/api/v1/customers', { name: i % 2 ? '并发重复（北京分公司）' : '并发重复有限公司' }, { token: i % 2 ? rep1 : rep2 }),
    );
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    expect(await server.dataSource.getRepository(Customer).countBy({ nameNormalized: '并发重复' })).toBe(1);
  });
});
