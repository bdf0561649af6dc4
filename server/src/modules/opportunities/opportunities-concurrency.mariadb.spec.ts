import { Opportunity } from './opportunity.entity';
import { Stage } from './stage.entity';
import { StageTemplate } from './stage-template.entity';
import { DEFAULT_STAGE_TEMPLATE_NAME, ensureDefaultStageTemplate } from './stage-templates.service';
import { startWorld, type World } from './opportunities.test-helpers';

/** Races that only a multi-connection database can run (the embedded SQLite has a single writer). */
let w: World;
let customerId: string;

beforeAll(async () => {
  w = await startWorld();
  customerId = await w.addCustomer('并发测试客户', 'rep1');
});
afterAll(() => w?.close());

describe('opportunities under concurrency', () => {
  it('creates one of many simultaneous same-name opportunities when duplicates are forbidden', async () => {
    await w.setCrm({ opportunityDuplicatePolicy: 'forbid' });
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => w.createOpportunity('rep1', { name: '并发同名商机', customerId })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(await w.server.dataSource.getRepository(Opportunity).countBy({ name: '并发同名商机' })).toBe(1);
    await w.setCrm({ opportunityDuplicatePolicy: 'warn' });
  });

  it('applies one of two simultaneous stage moves from the same stage; the other gets 409', async () => {
    const created = await w.createOpportunity('rep1', { name: '并发推进', customerId });
    const responses = await Promise.all([
      w.moveStage('rep1', created.body.id, '需求确认'),
      w.moveStage('manager', created.body.id, '输单', { closeReason: '并发' }),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    const detail = await w.api.get(`/api/v1/opportunities/${created.body.id}`, { token: w.tokens.admin });
    expect(detail.body.history).toHaveLength(2);
  });

  it('seeds the default template once when several instances start at the same time', async () => {
    const dataSource = w.server.dataSource;
    const template = await dataSource.getRepository(StageTemplate).findOneByOrFail({ name: DEFAULT_STAGE_TEMPLATE_NAME });
    // Start from an empty catalogue (the opportunities above keep their old stage ids; nothing reads them here).
    await dataSource.getRepository(Stage).delete({ templateId: template.id });
    await dataSource.getRepository(StageTemplate).delete({ id: template.id });
    await Promise.all(Array.from({ length: 4 }, () => ensureDefaultStageTemplate(dataSource)));
    const seeded = await dataSource.getRepository(StageTemplate).findBy({ name: DEFAULT_STAGE_TEMPLATE_NAME });
    expect(seeded).toHaveLength(1);
    expect(await dataSource.getRepository(Stage).countBy({ templateId: seeded[0].id })).toBe(6);
    expect(seeded[0].isDefault).toBe(true);
  });
});
