import { apiClient, loginAs, type ApiClient } from '../../testing/http';
import { addStaff, userId } from '../../testing/crm-fixtures';
import { startTestServer, testDatabase, type TestServer } from '../../testing/test-server';
import { CustomerSearchIndex1795400000005 } from '../../migrations/1795400000005-CustomerSearchIndex';
import { CustomerMobilePrefix } from './customer-mobile-prefix.entity';
import { CustomerNameGram } from './customer-name-gram.entity';

let server: TestServer;
let api: ApiClient;
const token: Record<string, string> = {};
const ids: Record<string, string> = {};

interface Listed {
  id: string;
  name: string;
  mobile: string | null;
  ownerId: string | null;
  followerIds: string[];
}

/** What a search must answer, written independently of the server: the name contains the query (full-width, case and whitespace folded). */
const fold = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  for (const user of ['admin', 'rep1']) {
    token[user] = await loginAs(server, user);
    ids[user] = await userId(server, user);
  }
  const otherRep = await addStaff(server, 'rep_search', 'rep', '搜索销售组');
  token.repOther = otherRep.token;
  ids.repOther = otherRep.id;
  // Common pieces (检索, 科技, 号, digits) making rare wholes; names holding every piece of a query but not the query.
  const names = [
    ...Array.from({ length: 24 }, (_, i) => `检索科技${i}号`),
    '检索bcabc',
    '检索abcab',
    '检索ＡｂＣ有限公司',
    '检索 西湖 龙井',
    '检索鑫',
  ];
  for (const [i, name] of names.entries()) {
    await createCustomer(i % 3 === 2 ? 'repOther' : 'rep1', name, i < 3 ? { mobile: `1397777000${i}` } : {});
  }
  // Pool customers (no owner): every rep may see and claim them.
  for (const name of ['检索公海科技1号', '检索公海2号']) await createCustomer('admin', name, { ownerId: null });
}, 120_000);
afterAll(() => server?.close());

async function createCustomer(as: string, name: string, extra: Record<string, unknown> = {}): Promise<Listed> {
  const response = await api.post('/api/v1/customers', { name, ...extra }, { token: token[as] });
  expect(response.status).toBe(201);
  return response.body;
}

/** Every page of a search, checking that pages are newest first and never repeat a customer. */
async function searchAll(q: string, as = 'admin', limit = 3): Promise<Listed[]> {
  const seen: Listed[] = [];
  let cursor: string | null = null;
  do {
    const page: any = await api.get(`/api/v1/customers?limit=${limit}&q=${encodeURIComponent(q)}${cursor ? `&cursor=${cursor}` : ''}`, { token: token[as] });
    expect(page.status).toBe(200);
    expect(page.body.data.length).toBeLessThanOrEqual(limit);
    seen.push(...page.body.data);
    cursor = page.body.nextCursor;
  } while (cursor);
  const order = seen.map((c) => BigInt(c.id));
  expect(order).toEqual([...order].sort((a, b) => (a > b ? -1 : 1)));
  expect(new Set(seen.map((c) => c.id)).size).toBe(seen.length);
  return seen;
}

/** Every customer the caller may see, without a search. */
async function everything(as: string): Promise<Listed[]> {
  const all: Listed[] = [];
  let cursor: string | null = null;
  do {
    const page: any = await api.get(`/api/v1/customers?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token: token[as] });
    all.push(...page.body.data);
    cursor = page.body.nextCursor;
  } while (cursor);
  return all;
}

const sortedIds = (customers: Listed[]) => customers.map((c) => c.id).sort();

describe('customer search by name', () => {
  it.each([
    ['a rare whole of common pieces', '科技21号'],
    ['a rare whole of common pieces, digits last', '技2号'],
    ['a dense two-character piece', '科技'],
    ['a dense single character', '号'],
    ['a rare single character', '鑫'],
    ['pieces present in a name but not in order', 'abcab'],
    ['mixed case', 'aBc'],
    ['full-width', 'ＡＢＣ'],
    ['with spaces', '西湖龙井'],
    ['a longer query than any name', '检索科技21号有限公司杭州分公司'],
    ['a piece nobody has', '没有这个'],
  ])('finds exactly the names containing the query: %s (%s), paging without repeats or gaps', async (_case, q) => {
    const expected = (await everything('admin')).filter((c) => fold(c.name).includes(fold(q)));
    const found = await searchAll(q);
    expect(sortedIds(found)).toEqual(sortedIds(expected));
  });

  it('pins the cases above to names', async () => {
    const names = async (q: string) => (await searchAll(q)).map((c) => c.name).sort();
    expect(await names('科技21号')).toEqual(['检索科技21号']);
    expect(await names('abcab')).toEqual(['检索abcab']);
    expect(await names('ＡＢＣ')).toEqual(['检索ＡｂＣ有限公司', '检索abcab', '检索bcabc'].sort());
    expect(await names('西湖 龙井')).toEqual(['检索 西湖 龙井']);
    expect((await searchAll('检索', 'admin', 5)).length).toBe(31);
  });

  it("keeps a rep's search to their own, followed and pool customers", async () => {
    const rep1Sees = await searchAll('检索', 'rep1', 4);
    expect(rep1Sees.length).toBeGreaterThan(0);
    for (const customer of rep1Sees) expect(customer.ownerId === ids.rep1 || customer.ownerId === null || customer.followerIds.includes(ids.rep1)).toBe(true);
    expect(rep1Sees.map((c) => c.name)).toContain('检索公海2号');
    expect(rep1Sees.map((c) => c.name)).not.toContain('检索科技2号'); // repOther's
    const expected = (await everything('rep1')).filter((c) => fold(c.name).includes('检索'));
    expect(sortedIds(rep1Sees)).toEqual(sortedIds(expected));
    expect((await searchAll('科技2号', 'rep1')).map((c) => c.name)).toEqual([]);
    expect((await searchAll('科技2号', 'repOther')).map((c) => c.name)).toEqual(['检索科技2号']);
  });

  it('follows renames and deletions', async () => {
    const customer = await createCustomer('rep1', '检索改名前茶庄');
    expect(sortedIds(await searchAll('改名前'))).toEqual([customer.id]);
    expect((await api.patch(`/api/v1/customers/${customer.id}`, { name: '检索改名后茶庄' }, { token: token.rep1 })).status).toBe(200);
    expect(await searchAll('改名前')).toEqual([]);
    expect(sortedIds(await searchAll('改名后'))).toEqual([customer.id]);
    expect((await api.call('DELETE', `/api/v1/customers/${customer.id}`, { token: token.admin })).status).toBe(204);
    expect(await searchAll('改名后')).toEqual([]);
    expect(await server.dataSource.getRepository(CustomerNameGram).countBy({ customerId: customer.id })).toBe(0);
  });

  it('refuses a malformed cursor with 400', async () => {
    const response = await api.get(`/api/v1/customers?q=${encodeURIComponent('检索')}&cursor=nonsense`, { token: token.admin });
    expect(response.status).toBe(400);
  });
});

describe('customer search by mobile', () => {
  it('finds customers whose mobile starts with the digits, and names containing them', async () => {
    const expectedFor = async (digits: string) =>
      (await everything('admin')).filter((c) => c.mobile?.startsWith(digits) || fold(c.name).includes(digits));
    for (const q of ['1397777', '139777700', '13977770001', '1', '21']) {
      expect(sortedIds(await searchAll(q))).toEqual(sortedIds(await expectedFor(q)));
    }
    expect((await searchAll('1397777')).map((c) => c.mobile).sort()).toEqual(['13977770000', '13977770001', '13977770002']);
    // A dense prefix pages through every holder.
    expect((await searchAll('1397777', 'admin', 1)).length).toBe(3);
  });

  it('reads spaces, dashes and +86 in the query; the middle of a mobile is not its start', async () => {
    const mobiles = async (q: string) => (await searchAll(q)).map((c) => c.mobile);
    expect(await mobiles('139 7777 0001')).toEqual(['13977770001']);
    expect(await mobiles('139-7777-0001')).toEqual(['13977770001']);
    expect(await mobiles('+8613977770001')).toEqual(['13977770001']);
    expect(await mobiles('7777')).toEqual([]);
  });

  it('follows a changed mobile, and keeps mobiles inside the caller’s permissions', async () => {
    const customer = await createCustomer('rep1', '检索换号客户', { mobile: '13566660001' });
    expect(sortedIds(await searchAll('1356666'))).toEqual([customer.id]);
    expect((await api.patch(`/api/v1/customers/${customer.id}`, { mobile: '13766660001' }, { token: token.rep1 })).status).toBe(200);
    expect(await searchAll('1356666')).toEqual([]);
    expect(sortedIds(await searchAll('1376666'))).toEqual([customer.id]);
    expect(await searchAll('1376666', 'repOther')).toEqual([]);
    expect((await api.patch(`/api/v1/customers/${customer.id}`, { mobile: null }, { token: token.rep1 })).status).toBe(200);
    expect(await searchAll('1376666')).toEqual([]);
    expect(await server.dataSource.getRepository(CustomerMobilePrefix).countBy({ customerId: customer.id })).toBe(0);
  });
});

describe('an existing database', () => {
  it('gets the pieces and mobiles of customers indexed before this index existed', async () => {
    const customer = await createCustomer('rep1', '检索升级前客户', { mobile: '13488880001' });
    const indexed = async () => ({
      pieces: (await server.dataSource.getRepository(CustomerNameGram).findBy({ customerId: customer.id })).map((g) => g.gram).sort(),
      prefixes: (await server.dataSource.getRepository(CustomerMobilePrefix).findBy({ customerId: customer.id })).map((p) => p.prefix).sort(),
    });
    const before = await indexed();
    expect(before.pieces).toEqual(expect.arrayContaining(['检', '检索', '检索升', '户']));
    expect(before.prefixes).toEqual(['1', '13', '134', '1348', '13488', '134888', '1348888', '13488880', '134888800', '1348888000', '13488880001']);

    if (testDatabase() === 'mysql') {
      // The older schema (two-character pieces, no mobile index), then the migration as an upgrade runs it.
      const migration = new CustomerSearchIndex1795400000005();
      const runner = server.dataSource.createQueryRunner();
      try {
        await migration.down(runner);
        const [{ n }] = await server.dataSource.query('SELECT COUNT(*) AS n FROM customer_name_grams WHERE CHAR_LENGTH(gram) <> 2');
        expect(Number(n)).toBe(0);
        await migration.up(runner);
      } finally {
        await runner.release();
      }
      expect(await indexed()).toEqual(before);
    } else {
      // An embedded database file from before: only two-character pieces, no mobile rows; the next start indexes it.
      await server.dataSource.query('DELETE FROM customer_mobile_prefixes');
      await server.dataSource.query('DELETE FROM customer_name_grams WHERE length(gram) <> 2');
      const dataDir = server.config.dataDir;
      await server.close();
      server = await startTestServer({ dataDir });
      api = apiClient(server.url);
      for (const user of ['admin', 'rep1']) token[user] = await loginAs(server, user);
      expect(await indexed()).toEqual(before);
    }
    expect(sortedIds(await searchAll('升级前'))).toEqual([customer.id]);
    expect(sortedIds(await searchAll('1348888'))).toEqual([customer.id]);
  });
});
