import { In } from 'typeorm';
import { apiClient, loginAs } from '../../testing/http';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { Customer } from '../customers/customer.entity';
import { buildXlsx, fullReport, uploadFile, waitForJob } from './imports.test-helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('import duplicate control under concurrency (MariaDB)', () => {
  it('under forbid, simultaneous imports and creates of the same companies leave each company once', async () => {
    const api = apiClient(server.url);
    const [admin, rep1, rep2] = await Promise.all([loginAs(server, 'admin'), loginAs(server, 'rep1'), loginAs(server, 'rep2')]);
    expect((await api.patch('/api/v1/settings/crm', { customerDuplicatePolicy: 'forbid' }, { token: admin })).status).toBe(200);
    const names = Array.from({ length: 20 }, (_, i) => `并发导入${i}号有限公司`);
    const file = await buildXlsx(['客户名称'], names.map((name) => [name]));

    const [first, second, ...creates] = await Promise.all([
      uploadFile(server.url, '/api/v1/customers/import', rep1, file, 'a.xlsx'),
      uploadFile(server.url, '/api/v1/customers/import', rep2, file, 'b.xlsx'),
      ...names.slice(0, 5).map((name) => api.post('/api/v1/customers', { name }, { token: admin })),
    ]);
    const jobs = [await waitForJob(api, first.body.job.id, rep1), await waitForJob(api, second.body.job.id, rep2)];
    expect(jobs.map((job) => job.status)).toEqual(['completed', 'completed']);
    for (const create of creates) expect([201, 409]).toContain(create.status);

    const saved = await server.dataSource.getRepository(Customer).findBy({ name: In(names) });
    expect(saved.map((c) => c.name).sort()).toEqual([...names].sort());
    const reports = [await fullReport(api, jobs[0].id, rep1), await fullReport(api, jobs[1].id, rep2)];
    const imported = reports.flat().filter((row) => row.status === 'imported').length;
    const created = creates.filter((c) => c.status === 201).length;
    expect(imported + created).toBe(names.length);
  });
});
