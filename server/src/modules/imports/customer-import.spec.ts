import { In } from 'typeorm';
import { createTokenService } from '../../infra/auth';
import { inTransaction } from '../../infra/db';
import { apiClient, loginAs, type ApiClient } from '../../testing/http';
import { addStaff, userId } from '../../testing/crm-fixtures';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { Contact } from '../customers/contact.entity';
import { Customer } from '../customers/customer.entity';
import { CustomerTag } from '../customers/customer-tag.entity';
import { TimelineEvent } from '../customers/timeline-event.entity';
import { ImportJob } from './import-job.entity';
import { ImportJobRow } from './import-job-row.entity';
import { buildXlsx, download, fullReport, readXlsx, uploadFile, waitForJob } from './imports.test-helpers';

let server: TestServer;
let api: ApiClient;
const token: Record<string, string> = {};
const ids: Record<string, string> = {};

const HEADERS = [
  '客户名称*', '客户等级', '地区', '行业', '来源', '客户价值', '资质', '手机', '地址',
  '信用额度（元）', '账期（天）', '标签', '备注', '联系人', '联系人职务', '联系人手机', '负责人（用户名）',
];

/** A data row by header name; the rest of the row stays empty. */
function row(cells: Record<string, string | number>): Array<string | number | null> {
  return HEADERS.map((header) => cells[header.replace('*', '')] ?? null);
}

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  for (const user of ['admin', 'manager', 'rep1', 'rep2', 'finance', 'warehouse']) {
    token[user] = await loginAs(server, user);
    ids[user] = await userId(server, user);
  }
  const repB = await addStaff(server, 'rep_b', 'rep', '华南销售组');
  token.repB = repB.token;
  ids.repB = repB.id;
});
afterAll(() => server?.close());

async function createCustomer(as: string, name: string, extra: Record<string, unknown> = {}) {
  const response = await api.post('/api/v1/customers', { name, ...extra }, { token: token[as] });
  expect(response.status).toBe(201);
  return response.body;
}

async function importAndWait(as: string, file: Buffer, fileName = '客户.xlsx') {
  const accepted = await uploadFile(server.url, '/api/v1/customers/import', token[as], file, fileName);
  expect(accepted.status).toBe(202);
  expect(accepted.body.job).toMatchObject({ kind: 'customers', fileName, createdBy: ids[as] });
  const job = await waitForJob(api, accepted.body.job.id, token[as]);
  return { job, report: await fullReport(api, job.id, token[as]) };
}

const setPolicy = (policy: 'warn' | 'forbid') => api.patch('/api/v1/settings/crm', { customerDuplicatePolicy: policy }, { token: token.admin });

describe('the import template', () => {
  it('downloads as an .xlsx with the Chinese headers and a 说明 sheet listing the allowed values', async () => {
    const response = await download(server.url, '/api/v1/customers/import-template', token.rep1);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('客户导入模板.xlsx')}`);
    const sheets = await readXlsx(response.buffer);
    expect(Object.keys(sheets)).toEqual(['客户导入', '说明']);
    expect(sheets['客户导入']).toEqual([HEADERS]);
    const notes = sheets['说明'].map((line) => line.join(' ')).join('\n');
    expect(notes).toContain('新客户、老客户、优质客户');
    expect(notes).toContain('高价值、中等、一般');
    expect(notes).toContain('负责人（用户名） 选填');
  });

  it('is for the sales roles only', async () => {
    expect((await api.get('/api/v1/customers/import-template', { token: token.finance })).status).toBe(403);
    expect((await api.get('/api/v1/customers/import-template')).status).toBe(401);
  });

  it('imports the untouched template with one filled row', async () => {
    const template = await download(server.url, '/api/v1/customers/import-template', token.rep1);
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.buffer as never);
    workbook.getWorksheet('客户导入')!.getRow(2).values = ['模板直填测试有限公司', '老客户'];
    const { job, report } = await importAndWait('rep1', (await workbook.xlsx.writeBuffer()) as unknown as Buffer);
    expect(job).toMatchObject({ status: 'completed', total: 1, imported: 1 });
    expect(report).toEqual([expect.objectContaining({ rowNumber: 2, status: 'imported' })]);
  });
});

describe('importing customers', () => {
  it('imports the good rows and reports every row: invalid, in-file and database duplicates (warn policy)', async () => {
    await createCustomer('rep2', '温州瓯江贸易有限公司', { mobile: '13900001111' });
    await createCustomer('rep1', '宁波港城物流有限公司', { mobile: '13900002222' });
    const file = await buildXlsx(HEADERS, [
      row({
        客户名称: '杭州导入一号科技有限公司', 客户等级: '优质客户', 地区: '浙江杭州', 行业: '零售', 来源: '微信好友', 客户价值: '高价值',
        资质: '一般纳税人', 手机: '137-0000-0001', 地址: '西湖区文三路 1 号', '信用额度（元）': '12,345.67', '账期（天）': 30,
        标签: '重点、华东,茶叶', 备注: '老朋友介绍', 联系人: '王五', 联系人职务: '采购', 联系人手机: '+86 13700000002',
      }),
      row({ 地区: '没有名称' }),
      row({ 客户名称: '手机不对有限公司', 手机: '12345' }),
      row({ 客户名称: '等级不对有限公司', 客户等级: 'VIP' }),
      row({ 客户名称: '金额不对有限公司', '信用额度（元）': '12.345' }),
      row({ 客户名称: '金额为负有限公司', '信用额度（元）': '-5' }),
      row({ 客户名称: '杭州导入一号科技' }),
      row({ 客户名称: '温州瓯江贸易' }),
      row({ 客户名称: '看得见的重复', 手机: '13900002222' }),
      [],
      row({ 客户名称: '指定他人有限公司', '负责人（用户名）': 'rep2' }),
      row({ 客户名称: '代码等级有限公司', 客户等级: 'regular', 客户价值: '一般', 手机: 13700000003, '账期（天）': '45', '信用额度（元）': 800 }),
      row({ 客户名称: '缺联系人有限公司', 联系人职务: '经理' }),
      row({ 客户名称: '上海浦江贸易', 来源: '外星' }),
      row({ 客户名称: '浦江手机重复', 手机: '138 0000 0002' }),
    ]);

    const { job, report } = await importAndWait('rep1', file);
    expect(job).toMatchObject({
      status: 'completed',
      total: 14,
      processed: 14,
      imported: 6,
      failed: 8,
      error: null,
      rowCounts: { imported: 2, duplicateWarning: 4, skippedDuplicate: 0, invalid: 8 },
    });
    expect(report.map(({ rowNumber, status, reason }) => [rowNumber, status, reason])).toEqual([
      [2, 'imported', null],
      [3, 'invalid', '客户名称：必填'],
      [4, 'invalid', '手机：手机号格式不正确'],
      [5, 'invalid', '客户等级：「VIP」不存在，可选：新客户、老客户、优质客户'],
      [6, 'invalid', '信用额度（元）：「12.345」不是有效金额（单位元，最多两位小数）'],
      [7, 'invalid', '信用额度（元）：金额不能为负数'],
      [8, 'duplicate_warning', '疑似重复，已导入：与第 2 行的名称相同'],
      [9, 'duplicate_warning', '疑似重复，已导入：系统中已有客户（负责人：张**，名称相同）'],
      [10, 'duplicate_warning', '疑似重复，已导入：系统中已有客户「宁波港城物流有限公司」（负责人：李销售，手机号相同）'],
      [12, 'invalid', '负责人（用户名）：销售导入的记录总由自己负责，请留空或填写自己的用户名'],
      [13, 'imported', null],
      [14, 'invalid', '联系人：填写了联系人职务或手机，但没有填写联系人姓名'],
      [15, 'invalid', '来源：「外星」不是可选的来源，可选：微信好友、公众号关注、小程序、手工录入、批量导入'],
      [16, 'duplicate_warning', '疑似重复，已导入：系统中已有线索「上海浦江贸易有限公司」（负责人：李销售，手机号相同）'],
    ]);
    expect(report.find((r) => r.rowNumber === 2)!.statusLabel).toBe('已导入');

    const first = await api.get(`/api/v1/customers/${report[0].recordId}`, { token: token.rep1 });
    expect(first.body).toMatchObject({
      name: '杭州导入一号科技有限公司', grade: 'premium', region: '浙江杭州', industry: '零售', source: 'wechat_friend', valueLevel: 'high',
      qualification: '一般纳税人', mobile: '13700000001', address: '西湖区文三路 1 号', creditLimitFen: 1_234_567, paymentTermsDays: 30,
      tags: ['重点', '华东', '茶叶'], remarks: '老朋友介绍', ownerId: ids.rep1, inPool: false,
    });
    const contacts = await server.dataSource.getRepository(Contact).findBy({ customerId: report[0].recordId! });
    expect(contacts).toEqual([expect.objectContaining({ name: '王五', title: '采购', mobile: '13700000002', isPrimary: true })]);
    const second = await api.get(`/api/v1/customers/${report.find((r) => r.rowNumber === 13)!.recordId}`, { token: token.rep1 });
    expect(second.body).toMatchObject({ grade: 'regular', valueLevel: 'low', mobile: '13700000003', paymentTermsDays: 45, creditLimitFen: 80_000, source: 'import' });
    const timeline = await server.dataSource.getRepository(TimelineEvent).findBy({ customerId: report[0].recordId! });
    expect(timeline).toEqual([expect.objectContaining({ kind: 'created', actorId: ids.rep1, data: { importJobId: job.id } })]);

    // Exactly the reported rows are in the database.
    const saved = await server.dataSource.getRepository(Customer).findBy({ id: In(report.filter((r) => r.recordId).map((r) => r.recordId!)) });
    expect(saved.map((c) => c.name).sort()).toEqual(
      ['杭州导入一号科技有限公司', '杭州导入一号科技', '温州瓯江贸易', '看得见的重复', '代码等级有限公司', '浦江手机重复'].sort(),
    );
    for (const name of ['手机不对有限公司', '等级不对有限公司', '金额不对有限公司', '金额为负有限公司', '指定他人有限公司', '缺联系人有限公司']) {
      expect(await server.dataSource.getRepository(Customer).countBy({ name })).toBe(0);
    }
  });

  it('skips duplicates under the forbid policy, writing only the new rows', async () => {
    await createCustomer('rep2', '禁止策略已有有限公司');
    expect((await setPolicy('forbid')).status).toBe(200);
    try {
      const file = await buildXlsx(HEADERS, [
        row({ 客户名称: '禁止策略新客户甲', 手机: '13911110001' }),
        row({ 客户名称: '禁止策略新客户乙', 手机: '13911110001' }),
        row({ 客户名称: '禁止策略已有' }),
        row({ 客户名称: '禁止策略新客户甲' }),
        row({ 客户名称: '禁止策略新客户丙' }),
      ]);
      const { job, report } = await importAndWait('rep1', file);
      expect(job).toMatchObject({ status: 'completed', total: 5, imported: 2, failed: 3, rowCounts: { imported: 2, duplicateWarning: 0, skippedDuplicate: 3, invalid: 0 } });
      expect(report.map(({ rowNumber, status, reason, recordId }) => [rowNumber, status, reason, recordId === null])).toEqual([
        [2, 'imported', null, false],
        [3, 'skipped_duplicate', '重复，未导入：与第 2 行的手机号相同', true],
        [4, 'skipped_duplicate', '重复，未导入：系统中已有客户（负责人：张**，名称相同）', true],
        [5, 'skipped_duplicate', '重复，未导入：与第 2 行的名称相同', true],
        [6, 'imported', null, false],
      ]);
      expect(await server.dataSource.getRepository(Customer).countBy({ name: '禁止策略新客户乙' })).toBe(0);
      expect(await server.dataSource.getRepository(Customer).countBy({ name: '禁止策略已有' })).toBe(0);
      expect(await server.dataSource.getRepository(Customer).countBy({ name: '禁止策略新客户甲' })).toBe(1);
    } finally {
      await setPolicy('warn');
    }
  });

  it('lets admins and managers name the owner or the pool, within their reach', async () => {
    const adminFile = await buildXlsx(HEADERS, [
      row({ 客户名称: '分配给张有限公司', '负责人（用户名）': 'rep2' }),
      row({ 客户名称: '放入公海有限公司', '负责人（用户名）': '公海' }),
      row({ 客户名称: '管理员自己的有限公司' }),
      row({ 客户名称: '查无此人有限公司', '负责人（用户名）': 'nobody' }),
      row({ 客户名称: '财务不能负责有限公司', '负责人（用户名）': 'finance' }),
    ]);
    const { report } = await importAndWait('admin', adminFile);
    expect(report.map((r) => [r.status, r.reason])).toEqual([
      ['imported', null],
      ['imported', null],
      ['imported', null],
      ['invalid', '负责人（用户名）：「nobody」不存在或不能负责客户和线索'],
      ['invalid', '负责人（用户名）：「finance」不存在或不能负责客户和线索'],
    ]);
    const owners = await server.dataSource.getRepository(Customer).findBy({ id: In(report.slice(0, 3).map((r) => r.recordId!)) });
    expect(Object.fromEntries(owners.map((c) => [c.name, c.ownerId]))).toEqual({
      分配给张有限公司: ids.rep2,
      放入公海有限公司: null,
      管理员自己的有限公司: ids.admin,
    });

    const managerFile = await buildXlsx(HEADERS, [
      row({ 客户名称: '经理分配本组有限公司', '负责人（用户名）': 'rep1' }),
      row({ 客户名称: '经理分配外组有限公司', '负责人（用户名）': 'rep_b' }),
    ]);
    const managed = await importAndWait('manager', managerFile);
    expect(managed.report.map((r) => [r.status, r.reason])).toEqual([
      ['imported', null],
      ['invalid', '负责人（用户名）：「rep_b」不是本团队成员，经理只能分配给本团队'],
    ]);
    const assigned = await server.dataSource.getRepository(Customer).findOneByOrFail({ id: managed.report[0].recordId! });
    expect(assigned.ownerId).toBe(ids.rep1);
  });

  it('works in batches: 1,200 rows, every one reported and saved once', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) =>
      row({ 客户名称: `批量导入客户${String(i).padStart(4, '0')}号`, 手机: `1360000${String(i).padStart(4, '0')}`, 标签: '批量', 联系人: `联系人${i}` }),
    );
    const { job, report } = await importAndWait('admin', await buildXlsx(HEADERS, rows), '批量.xlsx');
    expect(job).toMatchObject({ status: 'completed', total: 1200, processed: 1200, imported: 1200, failed: 0 });
    expect(report).toHaveLength(1200);
    expect(report.every((r) => r.status === 'imported' && r.recordId)).toBe(true);
    expect(report.map((r) => r.rowNumber)).toEqual(Array.from({ length: 1200 }, (_, i) => i + 2));
    const recordIds = report.map((r) => r.recordId!);
    expect(new Set(recordIds).size).toBe(1200);
    expect(await server.dataSource.getRepository(Customer).countBy({ id: In(recordIds) })).toBe(1200);
    expect(await server.dataSource.getRepository(CustomerTag).countBy({ customerId: In(recordIds), tag: '批量' })).toBe(1200);
    expect(await server.dataSource.getRepository(ImportJobRow).countBy({ jobId: job.id })).toBe(1200);

    const invalidOnly = await api.get(`/api/v1/imports/${job.id}/report?status=invalid`, { token: token.admin });
    expect(invalidOnly.body).toEqual({ data: [], nextCursor: null });
  }, 120_000);
});

describe('the job and its report', () => {
  let jobId: string;

  beforeAll(async () => {
    const file = await buildXlsx(HEADERS, [row({ 客户名称: '报告测试有限公司', 手机: '13922223333' }), row({ 客户名称: '报告测试二', 手机: 'abc' })]);
    jobId = (await importAndWait('rep1', file)).job.id;
  });

  it('downloads the report as .xlsx (行号, 状态, 原因, 记录ID)', async () => {
    const response = await download(server.url, `/api/v1/imports/${jobId}/report.xlsx`, token.rep1);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`客户导入报告-${jobId}.xlsx`)}`);
    const { 导入报告: rows } = await readXlsx(response.buffer);
    const json = await fullReport(api, jobId, token.rep1);
    expect(rows).toEqual([
      ['行号', '状态', '原因', '记录ID'],
      ['2', '已导入', '', json[0].recordId],
      ['3', '数据有误，未导入', '手机：手机号格式不正确'],
    ]);
  });

  it('pages the JSON report by row number', async () => {
    const first = await api.get(`/api/v1/imports/${jobId}/report?limit=1`, { token: token.rep1 });
    expect(first.body.data.map((r: { rowNumber: number }) => r.rowNumber)).toEqual([2]);
    const second = await api.get(`/api/v1/imports/${jobId}/report?limit=1&cursor=${first.body.nextCursor}`, { token: token.rep1 });
    expect(second.body).toEqual({ data: [expect.objectContaining({ rowNumber: 3, status: 'invalid' })], nextCursor: null });
  });

  it.each([
    ['rep2', 404],
    ['manager', 404],
    ['admin', 200],
    ['rep1', 200],
    ['finance', 403],
  ] as const)('shows the job of rep1 to %s: %i', async (who, status) => {
    expect((await api.get(`/api/v1/imports/${jobId}`, { token: token[who] })).status).toBe(status);
    expect((await api.get(`/api/v1/imports/${jobId}/report`, { token: token[who] })).status).toBe(status);
    expect((await download(server.url, `/api/v1/imports/${jobId}/report.xlsx`, token[who])).status).toBe(status);
  });

  it('reports a job cut off by a restart (no progress for 10 minutes, not running here) as failed', async () => {
    const orphanId = await inTransaction(server.dataSource, async (em) => {
      const { identifiers } = await em.insert(ImportJob, { kind: 'customers', status: 'running', fileName: '中断.xlsx', total: 800, processed: 500, createdBy: ids.rep1 });
      const id = String(identifiers[0].id);
      await em.update(ImportJob, { id }, { updatedAt: new Date(Date.now() - 11 * 60 * 1000) });
      return id;
    });
    const job = await api.get(`/api/v1/imports/${orphanId}`, { token: token.rep1 });
    expect(job.body).toMatchObject({ status: 'failed', processed: 500, total: 800 });
    expect(job.body.error).toContain('导入中断');

    const fresh = await inTransaction(server.dataSource, async (em) =>
      String((await em.insert(ImportJob, { kind: 'customers', status: 'running', fileName: '进行中.xlsx', total: 10, createdBy: ids.rep1 })).identifiers[0].id),
    );
    expect((await api.get(`/api/v1/imports/${fresh}`, { token: token.rep1 })).body.status).toBe('running');
  });

  it('answers 404 for a job that does not exist', async () => {
    expect((await api.get('/api/v1/imports/999999', { token: token.admin })).status).toBe(404);
  });
});

describe('bad uploads', () => {
  const good = () => buildXlsx(HEADERS, [row({ 客户名称: '不会导入的客户' })]);

  it('refuses finance and warehouse (403) and the anonymous (401)', async () => {
    expect((await uploadFile(server.url, '/api/v1/customers/import', token.finance, await good(), 'a.xlsx')).status).toBe(403);
    expect((await uploadFile(server.url, '/api/v1/customers/import', token.warehouse, await good(), 'a.xlsx')).status).toBe(403);
    const anonymous = await fetch(`${server.url}/api/v1/customers/import`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
  });

  it('refuses customers signed in through WeChat (403)', async () => {
    const customerToken = createTokenService({ secret: server.config.jwtSecret, ttlSeconds: 600 }).issue({ kind: 'customer', id: '1', leadId: null }).token;
    expect((await uploadFile(server.url, '/api/v1/customers/import', customerToken, await good(), 'a.xlsx')).status).toBe(403);
    expect((await api.get('/api/v1/customers/export', { token: customerToken })).status).toBe(403);
    expect((await api.get('/api/v1/leads/export', { token: customerToken })).status).toBe(403);
    expect((await api.get('/api/v1/imports/1', { token: customerToken })).status).toBe(403);
  });

  it('wants a multipart upload of one .xlsx in the field `file`', async () => {
    const json = await api.post('/api/v1/customers/import', { file: 'x' }, { token: token.rep1 });
    expect(json.status).toBe(415);
    expect(json.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const csv = await uploadFile(server.url, '/api/v1/customers/import', token.rep1, '客户名称\n某公司\n', '客户.csv');
    expect(csv.status).toBe(415);
    expect(csv.body.error.message).toContain('.xlsx');
    const renamed = await uploadFile(server.url, '/api/v1/customers/import', token.rep1, 'not a spreadsheet', '客户.xlsx');
    expect(renamed.status).toBe(415);
    const wrongField = await uploadFile(server.url, '/api/v1/customers/import', token.rep1, await good(), 'a.xlsx', 'upload');
    expect(wrongField.status).toBe(400);
    const noFile = await fetch(`${server.url}/api/v1/customers/import`, { method: 'POST', headers: { Authorization: `Bearer ${token.rep1}` }, body: new FormData() });
    expect(noFile.status).toBe(400);
  });

  it('answers 400 for a zip that is no workbook, a sheet without the name column, and a sheet without rows', async () => {
    const zipOnly = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200)]);
    const broken = await uploadFile(server.url, '/api/v1/customers/import', token.rep1, zipOnly, 'a.xlsx');
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toContain('无法读取');
    const noName = await uploadFile(server.url, '/api/v1/customers/import', token.rep1, await buildXlsx(['名字', '手机'], [['某公司', '13800000000']]), 'a.xlsx');
    expect(noName.status).toBe(400);
    expect(noName.body.error.message).toContain('客户名称');
    const empty = await uploadFile(server.url, '/api/v1/customers/import', token.rep1, await buildXlsx(HEADERS, []), 'a.xlsx');
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('没有数据');
  });

  it('answers 413 for a file over 10 MB', async () => {
    const big = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(10 * 1024 * 1024)]);
    const response = await uploadFile(server.url, '/api/v1/customers/import', token.rep1, big, 'big.xlsx');
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('keeps the file name as sent, in Chinese', async () => {
    const accepted = await uploadFile(server.url, '/api/v1/customers/import', token.rep1, await good(), '三月客户名单.xlsx');
    expect(accepted.body.job.fileName).toBe('三月客户名单.xlsx');
    await waitForJob(api, accepted.body.job.id, token.rep1);
  });
});
