import { amountInWords } from './amount-in-words';
import {
  documentBoundsIssues,
  grossMargin,
  MAX_AMOUNT_FEN,
  MAX_DOCUMENT_LINES,
  MAX_DOCUMENT_TOTAL_FEN,
  MAX_LINE_QUANTITY,
  MAX_LINE_TOTAL_FEN,
  MIN_MARGIN_BP,
  priceLine,
  sumLines,
} from './pricing';
import { contractInstallmentInputSchema } from './schemas/contracts';
import { orderBillingSchema, orderCreateSchema } from './schemas/orders';
import { quoteCreateSchema } from './schemas/quotes';
import { priceCheckSchema } from './schemas/sales';

const PRODUCT = '1';
const CUSTOMER = '1';

/**
 * The largest document the bounds allow, built from every bound at once: 200 lines; line 1 at the largest unit price
 * (10 × ¥1,000,000,000.00 = the line maximum); lines 2–200 at the largest quantity; the last line's discount brings
 * the total to the document maximum exactly.
 */
function largestDocumentLines() {
  const lines = [{ productId: PRODUCT, quantity: 10, unitPriceFen: MAX_AMOUNT_FEN, discountFen: 0 }];
  for (let i = 2; i <= MAX_DOCUMENT_LINES; i++) lines.push({ productId: PRODUCT, quantity: MAX_LINE_QUANTITY, unitPriceFen: 45_300, discountFen: 0 });
  // 1e12 + 199 × 45,300,000,000 = 10,014,700,000,000: 14,700,000,000 over, taken off the last line.
  lines[MAX_DOCUMENT_LINES - 1].discountFen = 14_700_000_000;
  return lines;
}

describe('the documented maxima', () => {
  it('keep every line and document sum well inside exact integer arithmetic', () => {
    expect(MAX_LINE_TOTAL_FEN).toBe(10 ** 12);
    expect(MAX_DOCUMENT_TOTAL_FEN).toBe(10 ** 13);
    // Gross may exceed the total by every line's discount; cost is held to the line maximum per line.
    const largestGross = MAX_DOCUMENT_TOTAL_FEN + MAX_DOCUMENT_LINES * MAX_AMOUNT_FEN;
    const largestCost = MAX_DOCUMENT_LINES * MAX_LINE_TOTAL_FEN;
    expect(Math.max(largestGross, largestCost) * 10).toBeLessThan(Number.MAX_SAFE_INTEGER);
    // BIGINT columns hold ±9,223,372,036,854,775,807.
    expect(BigInt(MAX_DOCUMENT_TOTAL_FEN) * 100_000n).toBeLessThan(2n ** 63n);
  });

  it('price and sum the largest document exactly, tax included, with its 大写', () => {
    const priced = largestDocumentLines().map((line) => priceLine({ ...line, taxRateBp: 1300 }));
    const totals = sumLines(priced);
    expect(totals.totalFen).toBe(MAX_DOCUMENT_TOTAL_FEN);
    expect(totals.grossFen).toBe(10_014_700_000_000);
    expect(totals.discountFen).toBe(14_700_000_000);
    expect(totals.taxFen + totals.netFen).toBe(MAX_DOCUMENT_TOTAL_FEN);
    expect(amountInWords(totals.totalFen)).toBe('壹仟亿元整');
    expect(documentBoundsIssues(largestDocumentLines())).toEqual([]);
  });
});

describe('documentBoundsIssues', () => {
  it('accepts a line at the line maximum, by largest price or by largest quantity', () => {
    expect(documentBoundsIssues([{ quantity: 10, unitPriceFen: MAX_AMOUNT_FEN }])).toEqual([]);
    expect(documentBoundsIssues([{ quantity: MAX_LINE_QUANTITY, unitPriceFen: 1_000_000 }])).toEqual([]);
  });

  it('names each line one fen past the line maximum, after its discount', () => {
    // 11 × 90,909,090,910 = 1,000,000,000,010; − 9 = the maximum + 1 fen.
    const beyond = { quantity: 11, unitPriceFen: 90_909_090_910, discountFen: 9 };
    const atMax = { ...beyond, discountFen: 10 };
    expect(documentBoundsIssues([atMax])).toEqual([]);
    expect(documentBoundsIssues([atMax, beyond, { quantity: 1, unitPriceFen: 1 }, beyond])).toEqual([
      { lineIndex: 1, message: '第 2 行金额超过单行上限 ¥10,000,000,000.00' },
      { lineIndex: 3, message: '第 4 行金额超过单行上限 ¥10,000,000,000.00' },
    ]);
  });

  it('names the line that takes the document one fen past its maximum', () => {
    const lines = largestDocumentLines();
    lines[MAX_DOCUMENT_LINES - 1].discountFen -= 1;
    expect(documentBoundsIssues(lines)).toEqual([{ lineIndex: 199, message: '加上第 200 行后合计金额超过单据上限 ¥100,000,000,000.00' }]);
  });

  it('holds the line cost (quantity × unit cost) to the line maximum too', () => {
    expect(documentBoundsIssues([{ quantity: 10, unitPriceFen: 1, unitCostFen: MAX_AMOUNT_FEN }])).toEqual([]);
    expect(documentBoundsIssues([{ quantity: 11, unitPriceFen: 1, unitCostFen: MAX_AMOUNT_FEN }])).toEqual([
      { lineIndex: 0, message: '第 1 行金额超过单行上限 ¥10,000,000,000.00' },
    ]);
  });

  it('counts a line without a price yet as nothing, and skips values the field checks reject', () => {
    expect(documentBoundsIssues([{ quantity: MAX_LINE_QUANTITY }, { quantity: 1.5, unitPriceFen: MAX_AMOUNT_FEN }, { quantity: 11, unitPriceFen: -1 }])).toEqual([]);
  });
});

describe('the document schemas at the bounds', () => {
  const original = [{ productId: PRODUCT, quantity: 1_000_000, unitPriceFen: 100_000_000_000 }];

  it.each([
    ['a quote', (lines: unknown) => quoteCreateSchema.safeParse({ customerId: CUSTOMER, lines })],
    ['a price check', (lines: unknown) => priceCheckSchema.safeParse({ customerId: CUSTOMER, lines })],
    ['an order', (lines: unknown) => orderCreateSchema.safeParse({ customerId: CUSTOMER, lines })],
    ['a billing', (lines: unknown) => orderBillingSchema.safeParse({ customerId: CUSTOMER, lines, payment: { method: 'cash' } })],
  ])('%s: the largest document passes, 1,000,000 × ¥1,000,000,000.00 fails on lines.0', (_what, parse) => {
    expect(parse(largestDocumentLines()).success).toBe(true);
    const result = parse(original);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))).toEqual([
      { path: 'lines.0', message: '第 1 行金额超过单行上限 ¥10,000,000,000.00' },
    ]);
  });

  it('reports malformed lines by their fields without throwing', () => {
    const result = quoteCreateSchema.safeParse({ customerId: CUSTOMER, lines: [{ productId: PRODUCT, quantity: 1.5, unitPriceFen: 'x' }] });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['lines.0.quantity', 'lines.0.unitPriceFen']);
  });

  it('leaves contract orders to the contract prices', () => {
    const result = orderCreateSchema.safeParse({ contractId: '9', lines: [{ contractLineNo: 1, quantity: MAX_LINE_QUANTITY }] });
    expect(result.success).toBe(true);
  });

  it('lets an installment or a payment cover a whole document, and no more', () => {
    const installment = (amountFen: number) => contractInstallmentInputSchema.safeParse({ dueDate: '2026-01-01', amountFen }).success;
    expect([installment(MAX_DOCUMENT_TOTAL_FEN), installment(MAX_DOCUMENT_TOTAL_FEN + 1)]).toEqual([true, false]);
    const payment = (amountFen: number) =>
      orderBillingSchema.safeParse({ customerId: CUSTOMER, lines: [{ productId: PRODUCT, quantity: 1 }], payment: { method: 'cash', amountFen } }).success;
    expect([payment(MAX_DOCUMENT_TOTAL_FEN), payment(MAX_DOCUMENT_TOTAL_FEN + 1)]).toEqual([true, false]);
  });
});

describe('margin share at the extremes', () => {
  it('floors the share at −1,000,000 % instead of leaving exact arithmetic', () => {
    expect(grossMargin(1, MAX_DOCUMENT_LINES * MAX_LINE_TOTAL_FEN)).toEqual({ marginFen: 1 - MAX_DOCUMENT_LINES * MAX_LINE_TOTAL_FEN, marginBp: MIN_MARGIN_BP });
    expect(grossMargin(10_000, 10_000 * 10_001)).toEqual({ marginFen: 10_000 - 100_010_000, marginBp: -100_000_000 });
    expect(grossMargin(10_000, 2_000_000)).toEqual({ marginFen: -1_990_000, marginBp: -1_990_000 });
  });
});
