import { Opportunity } from './opportunity.entity';
import { expectStatus, startWorld, type World } from './opportunities.test-helpers';

/**
 * The funnel over a team of its own (华北销售组: manager3, rep4, rep5) so the figures are exact.
 * Weighted amounts round once per stage, half up: round(Σ amountFen × probability / 100).
 */
let w: World;
let north: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  w = await startWorld();
  north = await w.addTeam('华北销售组');
  await w.addStaff('manager3', '周经理', 'manager', north);
  await w.addStaff('rep4', '吴销售', 'rep', north);
  await w.addStaff('rep5', '郑销售', 'rep', north);
  const customer4 = await w.addCustomer('北京燕山茶业', 'rep4');
  const customer5 = await w.addCustomer('天津海河商贸', 'rep5');
  const create = async (key: string, as: string, customerId: string, amountFen: number, stage?: string) => {
    const response = await w.createOpportunity(as, { name: key, customerId, amountFen });
    expectStatus(response, 201);
    ids[key] = response.body.id;
    if (stage) expectStatus(await w.moveStage(as, response.body.id, stage, { closeReason: '结束' }), 200);
  };
  await create('A', 'rep4', customer4, 10_004);
  await create('B', 'rep4', customer4, 10_004);
  await create('C', 'rep4', customer4, 12_345, '需求确认');
  await create('D', 'rep5', customer5, 99_999, '谈判');
  await create('E', 'rep5', customer5, 50_000, '赢单');
  await create('F', 'rep5', customer5, 7_777, '输单');
});
afterAll(() => w?.close());

type Row = [name: string, count: number, amountFen: number, weightedAmountFen: number];

function rows(body: { stages: Array<{ name: string; count: number; amountFen: number; weightedAmountFen: number }> }): Row[] {
  return body.stages.map((s) => [s.name, s.count, s.amountFen, s.weightedAmountFen]);
}

const funnel = (as: string, query = '') => w.api.get(`/api/v1/opportunities/funnel${query}`, { token: w.tokens[as] });

describe('GET /opportunities/funnel', () => {
  it('gives count, amount and weighted amount per stage in order, with totals, as exact integers', async () => {
    const response = await funnel('manager3');
    expectStatus(response, 200);
    expect(response.body).toMatchObject({ templateId: w.templateId, templateName: expect.any(String), from: null, to: null });
    expect(rows(response.body)).toEqual([
      ['初步接洽', 2, 20_008, 2_001], // 2000.8 → 2001 (per-opportunity rounding would give 1000 + 1000)
      ['需求确认', 1, 12_345, 3_704], // 3703.5 → 3704: half up
      ['方案报价', 0, 0, 0],
      ['谈判', 1, 99_999, 69_999], // 69999.3 → 69999
      ['赢单', 1, 50_000, 50_000],
      ['输单', 1, 7_777, 0],
    ]);
    expect(response.body.totals).toEqual({ count: 6, amountFen: 190_129, weightedAmountFen: 125_704 });
    expect(response.body.stages[0]).toMatchObject({ stageId: w.stages['初步接洽'].id, probability: 10, kind: 'open' });
  });

  it('filters by owner and by team', async () => {
    const byOwner = await funnel('manager3', `?ownerId=${w.userIds.rep4}`);
    expect(rows(byOwner.body).filter(([, count]) => count > 0)).toEqual([
      ['初步接洽', 2, 20_008, 2_001],
      ['需求确认', 1, 12_345, 3_704],
    ]);
    const byTeam = await funnel('admin', `?teamId=${north}`);
    expect(byTeam.body.totals).toEqual({ count: 6, amountFen: 190_129, weightedAmountFen: 125_704 });
    const otherTeam = await funnel('admin', `?teamId=${w.teams.south}`);
    expect(otherTeam.body.totals).toEqual({ count: 0, amountFen: 0, weightedAmountFen: 0 });
  });

  it('counts only what the caller may see', async () => {
    const rep5 = await funnel('rep5');
    expect(rep5.body.totals).toEqual({ count: 3, amountFen: 157_776, weightedAmountFen: 119_999 });
    // Another team's manager asking for this team gets nothing rather than an error.
    const manager = await funnel('manager', `?teamId=${north}`);
    expectStatus(manager, 200);
    expect(manager.body.totals).toEqual({ count: 0, amountFen: 0, weightedAmountFen: 0 });
  });

  it('filters the period on the creation date as Shanghai calendar days, both ends inclusive', async () => {
    const repository = w.server.dataSource.getRepository(Opportunity);
    const setCreatedAt = (id: string, iso: string) =>
      repository.createQueryBuilder().update(Opportunity).set({ createdAt: new Date(iso) }).where('id = :id', { id }).execute();
    await setCreatedAt(ids.D, '2025-12-31T16:00:00.000Z'); // 2026-01-01 00:00 in Shanghai
    await setCreatedAt(ids.E, '2025-12-31T15:59:59.999Z'); // 2025-12-31 23:59:59.999 in Shanghai
    await setCreatedAt(ids.F, '2026-01-31T15:59:59.999Z'); // 2026-01-31 23:59:59.999 in Shanghai

    const january = await funnel('manager3', '?from=2026-01-01&to=2026-01-31');
    expectStatus(january, 200);
    expect(january.body).toMatchObject({ from: '2026-01-01', to: '2026-01-31' });
    expect(rows(january.body).filter(([, count]) => count > 0)).toEqual([
      ['谈判', 1, 99_999, 69_999],
      ['输单', 1, 7_777, 0],
    ]);
    const lastDayOf2025 = await funnel('manager3', '?from=2025-12-31&to=2025-12-31');
    expect(lastDayOf2025.body.totals).toEqual({ count: 1, amountFen: 50_000, weightedAmountFen: 50_000 });
    const untilEndOf2025 = await funnel('manager3', '?to=2025-12-31');
    expect(untilEndOf2025.body.totals.count).toBe(1);
    const since2026 = await funnel('manager3', '?from=2026-01-01');
    expect(since2026.body.totals.count).toBe(5);
  });

  it('refuses a bad period with 400', async () => {
    expectStatus(await funnel('manager3', '?from=2026-02-01&to=2026-01-01'), 400);
    expectStatus(await funnel('manager3', '?from=2026-13-01'), 400);
    expectStatus(await funnel('manager3', '?templateId=999999999'), 400);
  });
});
