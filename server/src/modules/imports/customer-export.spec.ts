import { apiClient, loginAs, type ApiClient } from '../../testing/http';
import { addStaff, userId } from '../../testing/crm-fixtures';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { Customer } from '../customers/customer.entity';
import { download, fullReport, readXlsx, uploadFile, waitForJob } from './imports.test-helpers';

let server: TestServer;
let api: ApiClient;
const token: Record<string, string> = {};
const ids: Record<string, string> = {};

const EXPORT_HEADERS = [
  '客户名称', '客户等级', '地区', '行业', '来源', '客户价值', '资质', '手机', '地址', '信用额度（元）', '账期（天）',
  '标签', '备注', '联系人', '联系人职务', '联系人手机', '负责人（用户名）', '负责人', '创建时间',
];
const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  for (const user of ['admin', 'manager', 'rep1', 'rep2', 'finance', 'warehouse']) {
    token[user] = await loginAs(server, user);
    ids[user] = await userId(server, user);
  }
  const repB = await addStaff(server, 'rep_b', 'rep', '华南销售组');
  token.repB = repB.token;

  const create = async (as: string, body: Record<string, unknown>) => {
    const response = await api.post('/api/v1/customers', body, { token: token[as] });
    expect(response.status).toBe(201);
  };
  await create('rep1', {
    name: '导出测试甲有限公司', grade: 'premium', region: '浙江', industry: '零售', source: 'manual', valueLevel: 'high',
    mobile: '13512345678', creditLimitFen: 1_234_567, paymentTermsDays: 30, tags: ['重点', '华东'],
    contact: { name: '钱七', title: '总经理', mobile: '13612345678' },
  });
  await create('rep2', { name: '导出测试乙有限公司', creditLimitFen: 5 });
  await create('admin', { name: '导出测试公海有限公司', ownerId: null });
  await create('repB', { name: '导出测试华南有限公司' });
});
afterAll(() => server?.close());

async function exportRows(as: string, query = 'q=导出测试') {
  const response = await download(server.url, `/api/v1/customers/export?${encodeURI(query)}`, token[as]);
  expect(response.status).toBe(200);
  return { response, rows: (await readXlsx(response.buffer))['客户'] };
}

describe('GET /customers/export', () => {
  it('exports the columns of the template, the owner and the creation time, money in yuan', async () => {
    const { response, rows } = await exportRows('rep1');
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="customers-\d{8}\.xlsx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toMatch(/^客户导出-\d{8}\.xlsx$/);
    expect(rows[0]).toEqual(EXPORT_HEADERS);
    const first = rows.find((r) => r[0] === '导出测试甲有限公司')!;
    expect(first).toEqual([
      '导出测试甲有限公司', '优质客户', '浙江', '零售', '手工录入', '高价值', '', '13512345678', '', '12,345.67', '30',
      '重点、华东', '', '钱七', '总经理', '13612345678', 'rep1', '李销售', expect.stringMatching(DATE_TIME),
    ]);
    const pool = rows.find((r) => r[0] === '导出测试公海有限公司')!;
    expect(pool.slice(16, 18)).toEqual(['公海', '公海']);
  });

  it.each([
    ['rep1', ['导出测试甲有限公司', '导出测试公海有限公司']],
    ['rep2', ['导出测试乙有限公司', '导出测试公海有限公司']],
    ['manager', ['导出测试甲有限公司', '导出测试乙有限公司', '导出测试公海有限公司']],
    ['admin', ['导出测试甲有限公司', '导出测试乙有限公司', '导出测试公海有限公司', '导出测试华南有限公司']],
  ])('exports for %s exactly the customers they may see', async (who, names) => {
    const { rows } = await exportRows(who);
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual([...names].sort());
  });

  it('applies the list filters', async () => {
    const { rows } = await exportRows('admin', 'q=导出测试&grade=premium');
    expect(rows.slice(1).map((r) => r[0])).toEqual(['导出测试甲有限公司']);
    const small = (await exportRows('rep2', 'q=导出测试乙')).rows;
    expect(small[1][9]).toBe('0.05');
  });

  it('refuses finance and warehouse (they may read customers, not export them)', async () => {
    expect((await api.get('/api/v1/customers?limit=1', { token: token.finance })).status).toBe(200);
    expect((await api.get('/api/v1/customers/export', { token: token.finance })).status).toBe(403);
    expect((await api.get('/api/v1/customers/export', { token: token.warehouse })).status).toBe(403);
  });

  it('answers 400 for a bad filter', async () => {
    expect((await api.get('/api/v1/customers/export?source=nowhere', { token: token.admin })).status).toBe(400);
  });

  it('produces a file the import takes back: every row a duplicate of itself, fields intact', async () => {
    const exported = await download(server.url, `/api/v1/customers/export?q=${encodeURIComponent('导出测试')}`, token.admin);
    const accepted = await uploadFile(server.url, '/api/v1/customers/import', token.admin, exported.buffer, '客户导出.xlsx');
    expect(accepted.status).toBe(202);
    const job = await waitForJob(api, accepted.body.job.id, token.admin);
    expect(job).toMatchObject({ status: 'completed', total: 4, imported: 4, failed: 0 });
    const report = await fullReport(api, job.id, token.admin);
    expect(report.every((r) => r.status === 'duplicate_warning')).toBe(true);
    expect(report.map((r) => r.reason)).toContain('疑似重复，已导入：系统中已有客户「导出测试甲有限公司」（负责人：李销售，名称相同）');

    const copies = await server.dataSource.getRepository(Customer).find({ where: { name: '导出测试甲有限公司' }, order: { id: 'ASC' } });
    expect(copies).toHaveLength(2);
    const [original, copy] = await Promise.all(copies.map((c) => api.get(`/api/v1/customers/${c.id}`, { token: token.admin })));
    const fields = ['grade', 'region', 'industry', 'source', 'valueLevel', 'mobile', 'creditLimitFen', 'paymentTermsDays', 'tags', 'ownerId'];
    for (const field of fields) expect({ field, value: copy.body[field] }).toEqual({ field, value: original.body[field] });
    const pooled = await server.dataSource.getRepository(Customer).findBy({ name: '导出测试公海有限公司' });
    expect(pooled.map((c) => c.ownerId)).toEqual([null, null]);
  });
});
