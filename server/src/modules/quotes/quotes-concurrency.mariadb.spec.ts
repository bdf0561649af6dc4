import { Approval } from '../approvals/approval.entity';
import { Quote } from './quote.entity';
import { expectStatus, startQuoteWorld, type QuoteWorld } from './quotes.test-helpers';

let w: QuoteWorld;

beforeAll(async () => {
  w = await startQuoteWorld();
});
afterAll(() => w?.close());

describe('quotes under concurrency (MariaDB)', () => {
  it('makes exactly one new version when the same quote is revised at once', async () => {
    const { id, number } = await w.quoteIn('sent');
    const responses = await Promise.all(Array.from({ length: 6 }, () => w.act('rep1', id, 'revise')));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const versions = await w.server.dataSource.getRepository(Quote).find({ where: { number }, order: { version: 'ASC' } });
    expect(versions.map((q) => [q.version, q.status, q.isLatest])).toEqual([
      [1, 'superseded', false],
      [2, 'draft', true],
    ]);
    expect(versions[0].supersededById).toBe(versions[1].id);
  });

  it('lets one answer win when the customer accepts and declines at once', async () => {
    const { id } = await w.quoteIn('sent');
    const responses = await Promise.all([w.act('buyer', id, 'accept'), w.act('buyer', id, 'decline'), w.act('buyer', id, 'accept')]);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(2);
    const winner = responses.find((r) => r.status === 200)!;
    expect(await w.status(id)).toBe(winner.body.status);
  });

  it('files one approval when a quote is submitted twice at once', async () => {
    const created = await w.create('rep1', { lines: [{ productId: w.products['TEA-LJ-250'].id, quantity: 1, unitPriceFen: 50000 }] });
    expectStatus(created, 201);
    const responses = await Promise.all([w.act('rep1', created.body.id, 'submit'), w.act('rep1', created.body.id, 'submit')]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await w.server.dataSource.getRepository(Approval).countBy({ subjectType: 'quote', subjectId: created.body.id })).toBe(1);
    expect(await w.status(created.body.id)).toBe('pending_approval');
  });

  it('numbers quotes created at once uniquely', async () => {
    const responses = await Promise.all(Array.from({ length: 8 }, () => w.create('rep1')));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(responses.map((r) => r.body.number)).size).toBe(8);
  });
});
