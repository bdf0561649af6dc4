import { In } from 'typeorm';
import { apiClient, loginAs, type ApiClient } from '../../testing/http';
import { userId } from '../../testing/crm-fixtures';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { Lead } from '../leads/lead.entity';
import { buildXlsx, download, fullReport, readXlsx, uploadFile, waitForJob } from './imports.test-helpers';

let server: TestServer;
let api: ApiClient;
const token: Record<string, string> = {};
const ids: Record<string, string> = {};

const HEADERS = ['姓名*', '公司', '手机', '来源', '备注', '负责人（用户名）'];

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  for (const user of ['admin', 'manager', 'rep1', 'rep2', 'finance']) {
    token[user] = await loginAs(server, user);
    ids[user] = await userId(server, user);
  }
});
afterAll(() => server?.close());

async function importLeads(as: string, rows: Array<Array<string | null>>) {
  const accepted = await uploadFile(server.url, '/api/v1/leads/import', token[as], await buildXlsx(HEADERS, rows, '线索导入'), '线索.xlsx');
  expect(accepted.status).toBe(202);
  expect(accepted.body.job.kind).toBe('leads');
  const job = await waitForJob(api, accepted.body.job.id, token[as]);
  return { job, report: await fullReport(api, job.id, token[as]) };
}

describe('lead import', () => {
  it('downloads a template with the lead columns', async () => {
    const response = await download(server.url, '/api/v1/leads/import-template', token.rep1);
    expect(response.status).toBe(200);
    const sheets = await readXlsx(response.buffer);
    expect(Object.keys(sheets)).toEqual(['线索导入', '说明']);
    expect(sheets['线索导入']).toEqual([HEADERS]);
    expect((await api.get('/api/v1/leads/import-template', { token: token.finance })).status).toBe(403);
  });

  it('imports good rows as new leads and reports the rest', async () => {
    const customer = await api.post('/api/v1/customers', { name: '绍兴黄酒有限公司' }, { token: token.rep2 });
    expect(customer.status).toBe(201);
    const { job, report } = await importLeads('rep1', [
      ['赵一', '宁波甬江科技有限公司', '136-1111-0001', '微信好友', '展会认识', null],
      [null, '没有姓名的公司', null, null, null, null],
      ['钱二', null, null, '路边', null, null],
      ['孙三', null, '13611110001', null, null, null],
      ['李四', '绍兴黄酒', null, null, null, null],
      ['周五', null, '13800000003', null, null, 'rep1'],
    ]);
    expect(job).toMatchObject({ status: 'completed', total: 6, imported: 4, failed: 2 });
    expect(report.map(({ rowNumber, status, reason }) => [rowNumber, status, reason])).toEqual([
      [2, 'imported', null],
      [3, 'invalid', '姓名：必填'],
      [4, 'invalid', '来源：「路边」不是可选的来源，可选：微信好友、公众号关注、小程序、手工录入、批量导入'],
      [5, 'duplicate_warning', '疑似重复，已导入：与第 2 行的手机号相同'],
      [6, 'duplicate_warning', '疑似重复，已导入：系统中已有客户（负责人：张**，名称相同）'],
      [7, 'duplicate_warning', '疑似重复，已导入：系统中已有线索（负责人：张**，手机号相同）'],
    ]);
    const leads = await server.dataSource.getRepository(Lead).find({ where: { id: In(report.filter((r) => r.recordId).map((r) => r.recordId!)) }, order: { id: 'ASC' } });
    expect(leads.map((l) => [l.name, l.source, l.status, l.ownerId])).toEqual([
      ['赵一', 'wechat_friend', 'new', ids.rep1],
      ['孙三', 'import', 'new', ids.rep1],
      ['李四', 'import', 'new', ids.rep1],
      ['周五', 'import', 'new', ids.rep1],
    ]);
    expect(leads[0]).toMatchObject({ company: '宁波甬江科技有限公司', companyNormalized: '宁波甬江', mobile: '13611110001', notes: '展会认识' });
  });

  it('skips duplicates under the forbid policy', async () => {
    expect((await api.patch('/api/v1/settings/crm', { customerDuplicatePolicy: 'forbid' }, { token: token.admin })).status).toBe(200);
    try {
      const { job, report } = await importLeads('rep2', [
        ['禁止一', '禁止线索公司', null, null, null, null],
        ['禁止二', '禁止线索公司', null, null, null, null],
      ]);
      expect(job).toMatchObject({ imported: 1, failed: 1 });
      expect(report.map((r) => [r.status, r.reason])).toEqual([
        ['imported', null],
        ['skipped_duplicate', '重复，未导入：与第 2 行的名称相同'],
      ]);
      expect(await server.dataSource.getRepository(Lead).countBy({ name: '禁止二' })).toBe(0);
    } finally {
      await api.patch('/api/v1/settings/crm', { customerDuplicatePolicy: 'warn' }, { token: token.admin });
    }
  });

  it('refuses finance', async () => {
    const file = await buildXlsx(HEADERS, [['某人', null, null, null, null, null]], '线索导入');
    expect((await uploadFile(server.url, '/api/v1/leads/import', token.finance, file, 'a.xlsx')).status).toBe(403);
  });
});

describe('GET /leads/export', () => {
  beforeAll(async () => {
    for (const [as, name] of [['rep1', '导出线索甲'], ['rep2', '导出线索乙']] as const) {
      expect((await api.post('/api/v1/leads', { name, company: `${name}公司`, mobile: as === 'rep1' ? '13755550001' : undefined }, { token: token[as] })).status).toBe(201);
    }
    const pooled = await importLeads('admin', [['导出线索公海', null, null, '公众号关注', null, '公海']]);
    expect(pooled.report[0].status).toBe('imported');
  });

  it.each([
    ['rep1', ['导出线索甲', '导出线索公海']],
    ['rep2', ['导出线索乙', '导出线索公海']],
    ['admin', ['导出线索甲', '导出线索乙', '导出线索公海']],
  ])('exports for %s exactly the leads they may see', async (who, names) => {
    const response = await download(server.url, `/api/v1/leads/export?q=${encodeURIComponent('导出线索')}`, token[who]);
    expect(response.status).toBe(200);
    expect(decodeURIComponent(response.headers.get('content-disposition')!.split("UTF-8''")[1])).toMatch(/^线索导出-\d{8}\.xlsx$/);
    const rows = (await readXlsx(response.buffer))['线索'];
    expect(rows[0]).toEqual(['姓名', '公司', '手机', '来源', '备注', '负责人（用户名）', '状态', '负责人', '创建时间']);
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual([...names].sort());
    if (who === 'rep1') {
      expect(rows.find((r) => r[0] === '导出线索甲')).toEqual([
        '导出线索甲', '导出线索甲公司', '13755550001', '手工录入', '', 'rep1', '新线索', '李销售', expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      ]);
      expect(rows.find((r) => r[0] === '导出线索公海')!.slice(3, 8)).toEqual(['公众号关注', '', '公海', '新线索', '公海']);
    }
  });

  it('refuses finance (403)', async () => {
    expect((await api.get('/api/v1/leads/export', { token: token.finance })).status).toBe(403);
  });
});
