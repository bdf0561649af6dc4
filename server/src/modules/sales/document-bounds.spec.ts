import { MAX_AMOUNT_FEN, MAX_DOCUMENT_LINES, MAX_DOCUMENT_TOTAL_FEN, MAX_LINE_QUANTITY, MIN_MARGIN_BP } from '@wesale/shared';
import type { ApiResponse } from '../../testing/http';
import { customerSession, insertCustomer, startSalesServer, type SalesStaff } from '../../testing/sales-fixtures';
import { Approval } from '../approvals/approval.entity';
import { ContractInstallment } from '../contracts/contract-installment.entity';
import { ContractLine } from '../contracts/contract-line.entity';
import { Contract } from '../contracts/contract.entity';
import { OrderLine } from '../orders/order-line.entity';
import { Order } from '../orders/order.entity';
import { Payment } from '../orders/payment.entity';
import { Product } from '../products/product.entity';
import { QuoteLine } from '../quotes/quote-line.entity';
import { Quote } from '../quotes/quote.entity';
import { StockMovement } from '../stock/stock-movement.entity';
import { expectStatus, warehouseId } from '../stock/stock.test-helpers';

/**
 * Every route that takes document lines or document amounts, at the documented bounds (shared/pricing): the
 * largest document that fits is accepted with exact totals; one fen beyond a line or the document, and the
 * 1,000,000 × ¥1,000,000,000.00 line the field bounds alone allow, are a 400 naming the line, with nothing written.
 */

let s: SalesStaff;
let customerId: string;
let buyer: string;
/** List price ¥1,000,000,000.00 (the largest), no cost or floor. */
let priciest: string;
/** Per line 2–200 of the largest document: list 453.00, no cost or floor. */
let bulk: string[];
/** List ¥0.01, cost ¥1,000,000,000.00: a loss leader whose cost dwarfs its revenue. */
let lossLeader: string;
/** List 0.00, no cost: a free gift. */
let gift: string;

/** 200-line documents: 200 products to set up, a 200-line Word export (seconds on a busy 2-core machine). */
const SLOW_MS = 120_000;

const LINE_OVER = '第 1 行金额超过单行上限 ¥10,000,000,000.00';
const DOCUMENT_OVER = '加上第 200 行后合计金额超过单据上限 ¥100,000,000,000.00';

/** The totals of the largest document, 13 % VAT included, computed by hand once. */
const LARGEST_TOTALS = {
  grossFen: 10_014_700_000_000,
  discountFen: 14_700_000_000,
  totalFen: MAX_DOCUMENT_TOTAL_FEN,
  taxFen: 1_150_442_477_920,
  netFen: 8_849_557_522_080,
  totalInWords: '壹仟亿元整',
};

/**
 * 200 lines (the most a document takes): line 1 is 10 × ¥1,000,000,000.00 (the largest price, at the line maximum),
 * lines 2–200 are 1,000,000 (the largest quantity) × 453.00; line 200's discount brings the total to the document
 * maximum to the fen. `overBy` fen less discount takes it past.
 */
function largestLines(overBy = 0) {
  const lines = [{ productId: priciest, quantity: 10, unitPriceFen: MAX_AMOUNT_FEN, discountFen: 0 }];
  for (const productId of bulk) lines.push({ productId, quantity: MAX_LINE_QUANTITY, unitPriceFen: 45_300, discountFen: 0 });
  lines[MAX_DOCUMENT_LINES - 1].discountFen = 14_700_000_000 - overBy;
  return lines;
}

/** The case the issue reported: both fields at their schema maximum. */
const originalLines = () => [{ productId: priciest, quantity: 1_000_000, unitPriceFen: 100_000_000_000 }];
/** 11 × 90,909,090,910 − 9 = the line maximum + 1 fen. */
const lineOverByOneFen = () => [{ productId: priciest, quantity: 11, unitPriceFen: 90_909_090_910, discountFen: 9 }];

async function rowCounts() {
  const count = (entity: Parameters<typeof s.server.dataSource.getRepository>[0]) => s.server.dataSource.getRepository(entity).count();
  return {
    quotes: await count(Quote),
    quoteLines: await count(QuoteLine),
    contracts: await count(Contract),
    contractLines: await count(ContractLine),
    installments: await count(ContractInstallment),
    orders: await count(Order),
    orderLines: await count(OrderLine),
    payments: await count(Payment),
    approvals: await count(Approval),
    stockMovements: await count(StockMovement),
  };
}

function expectRejected(response: ApiResponse, issues: Array<{ path: string; message: string }>) {
  expect({ status: response.status, code: response.body.error?.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  expect(response.body.error.details.map(({ path, message }: { path: string; message: string }) => ({ path, message }))).toEqual(issues);
  expect(response.body.error.message).toContain(issues[0].message);
}

/** Sends each body and expects its rejection, then that no row of any document table changed. */
async function expectAllRejected(send: (body: { lines: unknown[] }) => Promise<ApiResponse>) {
  const before = await rowCounts();
  expectRejected(await send({ lines: originalLines() }), [{ path: 'lines.0', message: LINE_OVER }]);
  expectRejected(await send({ lines: lineOverByOneFen() }), [{ path: 'lines.0', message: LINE_OVER }]);
  expectRejected(await send({ lines: largestLines(1) }), [{ path: 'lines.199', message: DOCUMENT_OVER }]);
  // Priced by the server: 11 at the grade (list) price of ¥1,000,000,000.00, no price in the request.
  expectRejected(await send({ lines: [{ productId: priciest, quantity: 11 }] }), [{ path: 'lines.0', message: LINE_OVER }]);
  // 11 × a unit cost of ¥1,000,000,000.00 passes the line maximum, whatever the price.
  expectRejected(await send({ lines: [{ productId: lossLeader, quantity: 11 }] }), [{ path: 'lines.0', message: LINE_OVER }]);
  expect(await rowCounts()).toEqual(before);
}

beforeAll(async () => {
  s = await startSalesServer();
  customerId = await insertCustomer(s.server, { name: '上海浦江重工集团', owner: 'rep1' });
  buyer = (await customerSession(s.server, customerId, '周采购')).token;
  const products = s.server.dataSource.getRepository(Product);
  const insert = async (sku: string, priceFen: number, costFen: number) =>
    String((await products.insert({ sku, name: sku, unit: '台', category: '重工', priceFen, costFen, floorPriceFen: 0, taxRateBp: 1300 })).identifiers[0].id);
  priciest = await insert('BOUND-MAX', MAX_AMOUNT_FEN, 0);
  bulk = [];
  for (let i = 2; i <= MAX_DOCUMENT_LINES; i++) bulk.push(await insert(`BOUND-BULK-${i}`, 45_300, 0));
  lossLeader = await insert('BOUND-LOSS', 1, MAX_AMOUNT_FEN);
  gift = await insert('BOUND-GIFT', 0, 0);
  const stocked = await s.api.post(
    '/api/v1/stock/adjust',
    {
      warehouseId: await warehouseId(s.server.dataSource, 'SH01'),
      lines: largestLines().map((line) => ({ productId: line.productId, quantityDelta: line.quantity })),
      note: '大额开单备货',
    },
    { token: s.tokens.warehouse },
  );
  expectStatus(stocked, 200);
}, SLOW_MS);
afterAll(() => s?.server.close());

describe('POST /pricing/check', () => {
  const check = (lines: unknown[], as = 'rep1') => s.api.post('/api/v1/pricing/check', { customerId, lines }, { token: s.tokens[as] });

  it('prices the largest document to the fen', async () => {
    const response = await check(largestLines());
    expectStatus(response, 200);
    expect(response.body.totals).toEqual(LARGEST_TOTALS);
    expect(response.body.lines).toHaveLength(MAX_DOCUMENT_LINES);
    expect(response.body.lines[0]).toMatchObject({ quantity: 10, unitPriceFen: MAX_AMOUNT_FEN, totalFen: 1_000_000_000_000, taxFen: 115_044_247_788 });
  });

  it('rejects lines and documents past the maxima, naming the line', async () => {
    await expectAllRejected((body) => check(body.lines));
  });

  it('reports a margin share far below zero at its floor instead of failing', async () => {
    // Revenue 0.01, cost 10 × ¥1,000,000,000.00 plus the gift: a share of −10^16 bp, floored.
    const response = await check([{ productId: lossLeader, quantity: 1 }, { productId: lossLeader, quantity: 10, unitPriceFen: 0 }, { productId: gift, quantity: 1 }], 'manager');
    expectStatus(response, 200);
    expect(response.body.margin).toEqual({ revenueFen: 1, costFen: 1_100_000_000_000, marginFen: 1 - 1_100_000_000_000, marginBp: MIN_MARGIN_BP });
  });
});

describe('quotes', () => {
  const create = (body: Record<string, unknown>) => s.api.post('/api/v1/quotes', { customerId, ...body }, { token: s.tokens.rep1 });

  it('accept the largest document, store and list it to the fen', async () => {
    const response = await create({ lines: largestLines() });
    expectStatus(response, 201);
    expect(response.body.totals).toEqual(LARGEST_TOTALS);
    const stored = await s.server.dataSource.getRepository(Quote).findOneByOrFail({ id: response.body.id });
    expect(stored).toMatchObject({ grossFen: LARGEST_TOTALS.grossFen, totalFen: MAX_DOCUMENT_TOTAL_FEN, taxFen: LARGEST_TOTALS.taxFen });
    expect(await s.server.dataSource.getRepository(QuoteLine).countBy({ quoteId: response.body.id })).toBe(MAX_DOCUMENT_LINES);
    const listed = await s.api.get(`/api/v1/quotes?customerId=${customerId}`, { token: s.tokens.rep1 });
    expect(listed.body.data.find((quote: { id: string }) => quote.id === response.body.id)).toMatchObject({ totalFen: MAX_DOCUMENT_TOTAL_FEN });
    for (const format of ['xlsx', 'docx']) {
      const exported = await fetch(`${s.server.url}/api/v1/quotes/${response.body.id}/export?format=${format}`, { headers: { Authorization: `Bearer ${s.tokens.rep1}` } });
      expect({ format, status: exported.status }).toEqual({ format, status: 200 });
    }
    // Line 200 is 32 % under list, beyond rep1's limit: the manager approves the largest quote like any other.
    expectStatus(await s.api.post(`/api/v1/quotes/${response.body.id}/submit`, {}, { token: s.tokens.rep1 }), 200);
    const approved = await s.api.post(`/api/v1/quotes/${response.body.id}/approve`, {}, { token: s.tokens.manager });
    expectStatus(approved, 200);
    expect(approved.body).toMatchObject({ status: 'approved', totals: LARGEST_TOTALS, margin: { revenueFen: MAX_DOCUMENT_TOTAL_FEN, costFen: 0, marginBp: 10_000 } });
 
  }, SLOW_MS);

  it('reject a new quote past the maxima, naming the line, writing nothing', async () => {
    await expectAllRejected((body) => create(body));
  });

  it('reject a draft edited past the maxima and keep it as it was', async () => {
    const draft = await create({ lines: [{ productId: gift, quantity: 1 }] });
    expectStatus(draft, 201);
    await expectAllRejected((body) => s.api.patch(`/api/v1/quotes/${draft.body.id}`, body, { token: s.tokens.rep1 }));
    const kept = await s.api.get(`/api/v1/quotes/${draft.body.id}`, { token: s.tokens.rep1 });
    expect(kept.body.lines.map((line: { productId: string }) => line.productId)).toEqual([gift]);
  });
});

describe('contracts', () => {
  const create = (body: Record<string, unknown>) =>
    s.api.post('/api/v1/contracts', { customerId, title: '年度供货合同', startDate: '2026-01-01', ...body }, { token: s.tokens.rep1 });

  it('accept the largest document with a plan of two halves, or one installment of the whole', async () => {
    const half = MAX_DOCUMENT_TOTAL_FEN / 2;
    const split = await create({ lines: largestLines(), installments: [{ dueDate: '2026-01-01', amountFen: half }, { dueDate: '2026-06-30', amountFen: half }] });
    expectStatus(split, 201);
    expect(split.body.totals).toEqual(LARGEST_TOTALS);
    expect(split.body.installments.map((installment: { amountFen: number }) => installment.amountFen)).toEqual([half, half]);

    const whole = await create({ lines: largestLines() });
    expectStatus(whole, 201);
    expect(whole.body.installments.map((installment: { amountFen: number }) => installment.amountFen)).toEqual([MAX_DOCUMENT_TOTAL_FEN]);
    const replaced = await s.api.call('PUT', `/api/v1/contracts/${whole.body.id}/installments`, {
      token: s.tokens.rep1,
      body: { installments: [{ dueDate: '2026-03-31', amountFen: MAX_DOCUMENT_TOTAL_FEN }] },
    });
    expectStatus(replaced, 200);
    expect(replaced.body.installments).toEqual([expect.objectContaining({ dueDate: '2026-03-31', amountFen: MAX_DOCUMENT_TOTAL_FEN })]);
  });

  it('reject a new contract past the maxima, naming the line, writing nothing', async () => {
    await expectAllRejected((body) => create(body));
  });

  it('reject an installment past the document maximum', async () => {
    const before = await rowCounts();
    const response = await create({ lines: [{ productId: gift, quantity: 1 }], installments: [{ dueDate: '2026-01-01', amountFen: MAX_DOCUMENT_TOTAL_FEN + 1 }] });
    expectRejected(response, [{ path: 'installments.0.amountFen', message: '金额不能超过 ¥100,000,000,000.00' }]);
    expect(await rowCounts()).toEqual(before);
  });

  it('reject a draft edited past the maxima and keep its lines and plan', async () => {
    const draft = await create({ lines: [{ productId: bulk[0], quantity: 2 }] });
    expectStatus(draft, 201);
    await expectAllRejected((body) => s.api.patch(`/api/v1/contracts/${draft.body.id}`, body, { token: s.tokens.rep1 }));
    const replaced = await s.api.call('PUT', `/api/v1/contracts/${draft.body.id}/installments`, {
      token: s.tokens.rep1,
      body: { installments: [{ dueDate: '2026-03-31', amountFen: MAX_DOCUMENT_TOTAL_FEN + 1 }] },
    });
    expectRejected(replaced, [{ path: 'installments.0.amountFen', message: '金额不能超过 ¥100,000,000,000.00' }]);
    const kept = await s.api.get(`/api/v1/contracts/${draft.body.id}`, { token: s.tokens.rep1 });
    expect(kept.body).toMatchObject({ totalFen: 90_600, installments: [expect.objectContaining({ amountFen: 90_600 })] });
  });
});

describe('orders', () => {
  it('accept the largest document from a rep, to the fen', async () => {
    const response = await s.api.post('/api/v1/orders', { customerId, lines: largestLines() }, { token: s.tokens.rep1 });
    expectStatus(response, 201);
    expect(response.body.totals).toEqual(LARGEST_TOTALS);
    expect(await s.server.dataSource.getRepository(OrderLine).countBy({ orderId: response.body.id })).toBe(MAX_DOCUMENT_LINES);
  });

  it('reject an order past the maxima, naming the line, writing nothing', async () => {
    await expectAllRejected((body) => s.api.post('/api/v1/orders', { customerId, ...body }, { token: s.tokens.rep1 }));
  });

  it('reject a customer cart past the line maximum at its grade price', async () => {
    const before = await rowCounts();
    const response = await s.api.post(
      '/api/v1/orders',
      { lines: [{ productId: priciest, quantity: 11 }], shippingAddress: '上海市浦东新区', contactName: '周采购', contactPhone: '13900000031' },
      { token: buyer },
    );
    expectRejected(response, [{ path: 'lines.0', message: LINE_OVER }]);
    expect(await rowCounts()).toEqual(before);
  });
});

describe('POST /orders/billing', () => {
  const bill = (body: Record<string, unknown>) => s.api.post('/api/v1/orders/billing', { customerId, payment: { method: 'bank_transfer' }, ...body }, { token: s.tokens.admin });

  it('rejects a sale past the maxima, or a payment past the document maximum, writing nothing', async () => {
    await expectAllRejected((body) => bill(body));
    const before = await rowCounts();
    const overpaid = await bill({ lines: [{ productId: gift, quantity: 1 }], payment: { method: 'bank_transfer', amountFen: MAX_DOCUMENT_TOTAL_FEN + 1 } });
    expectRejected(overpaid, [{ path: 'payment.amountFen', message: '金额不能超过 ¥100,000,000,000.00' }]);
    expect(await rowCounts()).toEqual(before);
  });

  it('bills, ships and collects the largest document in one step, to the fen', async () => {
    const response = await bill({ lines: largestLines(), payment: { method: 'bank_transfer', amountFen: MAX_DOCUMENT_TOTAL_FEN } });
    expectStatus(response, 201);
    expect(response.body).toMatchObject({ status: 'completed', totals: LARGEST_TOTALS, paidFen: MAX_DOCUMENT_TOTAL_FEN });
    expect(response.body.payments).toEqual([expect.objectContaining({ amountFen: MAX_DOCUMENT_TOTAL_FEN })]);
  });
});
