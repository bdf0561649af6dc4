/**
 * Document arithmetic, in integer fen, in one place (server, exports and mini-program all call these).
 *
 * Rounding rule (the only one): a fraction of a fen is rounded half up, away from zero for the rare
 * negative case, and only where a division happens — grade prices, tax and discount rates. Sums of
 * rounded lines are never re-rounded. Prices are tax-inclusive (含税价); the tax shown is the part of
 * each line's total that is tax, computed per line, then summed.
 */
import { assertFen } from './money';

export const BASIS_POINTS = 10_000;

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

/** Gross margin: revenue − cost, and its share of revenue in basis points (null when there is no revenue). */
export function grossMargin(revenueFen: number, costFen: number): { marginFen: number; marginBp: number | null } {
  assertFen(revenueFen, 'revenueFen');
  assertFen(costFen, 'costFen');
  const margin = revenueFen - costFen;
  return {
    marginFen: margin,
    marginBp: revenueFen === 0 ? null : toSafeNumber(divideRoundHalfUp(BigInt(margin) * BigInt(BASIS_POINTS), BigInt(revenueFen)), 'margin'),
  };
}
