/**
 * Document arithmetic, in integer fen, in one place (server, exports and mini-program all call these).
 *
 * Rounding rule (the only one): a fraction of a fen is rounded half up, away from zero for the rare
 * negative case, and only where a division happens — grade prices, tax and discount rates. Sums of
 * rounded lines are never re-rounded. Prices are tax-inclusive (含税价); the tax shown is the part of
 * each line's total that is tax, computed per line, then summed.
 */
import { assertFen, formatYuan } from './money';

export const BASIS_POINTS = 10_000;

/**
 * The bounds of a sales document, checked by the API schemas and again by the server once grade prices and costs
 * are known. Quantity × unit price alone reaches 10^17 fen, past 2^53 (≈ 9.007 × 10^15) where a JavaScript number
 * stops counting fen exactly, so a line is held to ¥10,000,000,000.00 (10^12 fen) and a document to
 * ¥100,000,000,000.00 (10^13 fen): a document's own sums (200 lines, tax, cost) stay exact, sums over documents
 * (a customer's open orders, receivables) have a factor of 900 to spare, and the BIGINT columns hold them all.
 */
export const MAX_LINE_QUANTITY = 1_000_000;
/** A single amount someone enters: a unit price, cost, floor, line discount, credit limit (¥1,000,000,000.00). */
export const MAX_AMOUNT_FEN = 100_000_000_000;
export const MAX_DOCUMENT_LINES = 200;
/** quantity × unit price − discount of one line, and quantity × unit cost. */
export const MAX_LINE_TOTAL_FEN = 1_000_000_000_000;
/** The sum of a document's line totals; also the largest installment or payment. */
export const MAX_DOCUMENT_TOTAL_FEN = 10_000_000_000_000;

export interface LineAmounts {
  quantity: number;
  /** Unknown yet (the customer's grade price, filled in by the server): counted as 0. */
  unitPriceFen?: number;
  discountFen?: number;
  /** The product's unit cost, where known (the server): its line cost is held to the line maximum too. */
  unitCostFen?: number;
}

export interface BoundsIssue {
  /** 0-based index of the line at fault. */
  lineIndex: number;
  message: string;
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/**
 * Where lines break the line or document maximum, in exact arithmetic: each line past the line maximum, or
 * (when every line fits) the line whose addition takes the total past the document maximum. Values that are not
 * non-negative integers are skipped: the field checks report them.
 */
export function documentBoundsIssues(lines: readonly LineAmounts[]): BoundsIssue[] {
  const lineIssues: BoundsIssue[] = [];
  let documentIssue: BoundsIssue | null = null;
  let documentTotal = 0n;
  lines.forEach((line, lineIndex) => {
    const { quantity, unitPriceFen = 0, discountFen = 0, unitCostFen = 0 } = line;
    if (![quantity, unitPriceFen, discountFen, unitCostFen].every(isCount)) return;
    const total = BigInt(quantity) * BigInt(unitPriceFen) - BigInt(discountFen);
    if (total > BigInt(MAX_LINE_TOTAL_FEN) || BigInt(quantity) * BigInt(unitCostFen) > BigInt(MAX_LINE_TOTAL_FEN)) {
      lineIssues.push({ lineIndex, message: `第 ${lineIndex + 1} 行金额超过单行上限 ${formatYuan(MAX_LINE_TOTAL_FEN)}` });
    }
    if (total > 0n) documentTotal += total;
    if (!documentIssue && documentTotal > BigInt(MAX_DOCUMENT_TOTAL_FEN)) {
      documentIssue = { lineIndex, message: `加上第 ${lineIndex + 1} 行后合计金额超过单据上限 ${formatYuan(MAX_DOCUMENT_TOTAL_FEN)}` };
    }
  });
  if (lineIssues.length > 0) return lineIssues;
  return documentIssue ? [documentIssue] : [];
}

/** round(numerator / denominator), half up (away from zero), exact for any size via BigInt. */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const rounded = (abs * 2n + denominator) / (denominator * 2n);
  return negative ? -rounded : rounded;
}

function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new RangeError(`${what} is too large`);
  return Number(value);
}

/** The price after a percentage discount in basis points (1000 = 10 % off), e.g. a customer grade's price. */
export function discountedPriceFen(listPriceFen: number, discountBp: number): number {
  assertFen(listPriceFen, 'listPriceFen');
  if (!Number.isInteger(discountBp) || discountBp < 0 || discountBp > BASIS_POINTS) throw new RangeError('discountBp must be 0–10000');
  return toSafeNumber(divideRoundHalfUp(BigInt(listPriceFen) * BigInt(BASIS_POINTS - discountBp), BigInt(BASIS_POINTS)), 'price');
}

export interface PricedLineInput {
  quantity: number;
  unitPriceFen: number;
  /** An amount off the whole line, in fen. */
  discountFen: number;
  /** Tax rate in basis points (1300 = 13 %). */
  taxRateBp: number;
}

export interface PricedLine extends PricedLineInput {
  /** quantity × unit price, before the line discount. */
  grossFen: number;
  /** What the customer pays for the line, tax included: gross − discount. */
  totalFen: number;
  /** The tax inside totalFen. */
  taxFen: number;
  /** totalFen − taxFen. */
  netFen: number;
}

export function priceLine(line: PricedLineInput): PricedLine {
  if (!Number.isInteger(line.quantity) || line.quantity <= 0) throw new RangeError('quantity must be a positive integer');
  assertFen(line.unitPriceFen, 'unitPriceFen');
  assertFen(line.discountFen, 'discountFen');
  if (line.unitPriceFen < 0 || line.discountFen < 0) throw new RangeError('prices and discounts cannot be negative');
  if (!Number.isInteger(line.taxRateBp) || line.taxRateBp < 0 || line.taxRateBp > BASIS_POINTS) throw new RangeError('taxRateBp must be 0–10000');
  const gross = BigInt(line.quantity) * BigInt(line.unitPriceFen);
  const total = gross - BigInt(line.discountFen);
  if (total < 0n) throw new RangeError('the discount is larger than the line');
  const tax = divideRoundHalfUp(total * BigInt(line.taxRateBp), BigInt(BASIS_POINTS + line.taxRateBp));
  return {
    ...line,
    grossFen: toSafeNumber(gross, 'line'),
    totalFen: toSafeNumber(total, 'line total'),
    taxFen: toSafeNumber(tax, 'tax'),
    netFen: toSafeNumber(total - tax, 'net'),
  };
}

export interface DocumentTotals {
  grossFen: number;
  discountFen: number;
  totalFen: number;
  taxFen: number;
  netFen: number;
}

export function sumLines(lines: PricedLine[]): DocumentTotals {
  const sum = (pick: (line: PricedLine) => number) => toSafeNumber(lines.reduce((acc, line) => acc + BigInt(pick(line)), 0n), 'total');
  return {
    grossFen: sum((l) => l.grossFen),
    discountFen: sum((l) => l.discountFen),
    totalFen: sum((l) => l.totalFen),
    taxFen: sum((l) => l.taxFen),
    netFen: sum((l) => l.netFen),
  };
}

/**
 * How far below the list price a line is sold, in basis points (what approval limits compare with):
 * 1 − total / (quantity × list price), rounded half up.
 */
export function effectiveDiscountBp(line: { quantity: number; listPriceFen: number; totalFen: number }): number {
  const list = BigInt(line.quantity) * BigInt(line.listPriceFen);
  if (list === 0n) return 0;
  return toSafeNumber(divideRoundHalfUp((list - BigInt(line.totalFen)) * BigInt(BASIS_POINTS), list), 'discount');
}

/**
 * The lowest margin share reported: −1,000,000 % (cost 10,000 times the revenue). A line sold for a fen with a cost
 * of billions would otherwise give a share past 2^53 basis points; beyond this floor the figure says nothing more.
 */
export const MIN_MARGIN_BP = -BASIS_POINTS * BASIS_POINTS;

/** Gross margin: revenue − cost, and its share of revenue in basis points (null when there is no revenue). */
export function grossMargin(revenueFen: number, costFen: number): { marginFen: number; marginBp: number | null } {
  assertFen(revenueFen, 'revenueFen');
  assertFen(costFen, 'costFen');
  const margin = revenueFen - costFen;
  if (revenueFen === 0) return { marginFen: margin, marginBp: null };
  const share = divideRoundHalfUp(BigInt(margin) * BigInt(BASIS_POINTS), BigInt(revenueFen));
  return { marginFen: margin, marginBp: share < BigInt(MIN_MARGIN_BP) ? MIN_MARGIN_BP : toSafeNumber(share, 'margin') };
}
