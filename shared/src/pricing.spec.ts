import { amountInWords } from './amount-in-words';
import { discountedPriceFen, divideRoundHalfUp, effectiveDiscountBp, grossMargin, priceLine, sumLines } from './pricing';

describe('rounding', () => {
  it.each([
    [5n, 2n, 3n],
    [4n, 2n, 2n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
    [-5n, 2n, -3n],
    [10n ** 20n + 1n, 2n, 5n * 10n ** 19n + 1n],
  ])('rounds %s / %s half up to %s', (n, d, expected) => {
    expect(divideRoundHalfUp(n, d)).toBe(expected);
  });
});

describe('line and document totals (tax-inclusive prices)', () => {
  it.each([
    // quantity, unit price, discount, tax rate → gross, total, tax, net
    [1, 11300, 0, 1300, 11300, 11300, 1300, 10000],
    [3, 333, 0, 1300, 999, 999, 115, 884], // 999 × 13/113 = 114.929… → 115
    [1, 1, 0, 1300, 1, 1, 0, 1], // 0.115 fen of tax rounds to 0
    [1, 9, 0, 1300, 9, 9, 1, 8], // 1.035 → 1
    [2, 5000, 1, 600, 10000, 9999, 566, 9433], // 566.0… (9999 × 6/106 = 565.98)
    [10, 68800, 68800, 1300, 688000, 619200, 71235, 547965], // 71235.398… → 71235
    [1, 100, 0, 0, 100, 100, 0, 100],
  ])('%i × %i fen − %i at %i bp → gross %i, total %i, tax %i, net %i', (quantity, unitPriceFen, discountFen, taxRateBp, gross, total, tax, net) => {
    expect(priceLine({ quantity, unitPriceFen, discountFen, taxRateBp })).toMatchObject({ grossFen: gross, totalFen: total, taxFen: tax, netFen: net });
  });

  it('sums rounded lines without rounding again', () => {
    const lines = [1, 1, 1].map(() => priceLine({ quantity: 1, unitPriceFen: 9, discountFen: 0, taxRateBp: 1300 }));
    expect(sumLines(lines)).toEqual({ grossFen: 27, discountFen: 0, totalFen: 27, taxFen: 3, netFen: 24 });
  });

  it.each([
    [{ quantity: 0, unitPriceFen: 1, discountFen: 0, taxRateBp: 0 }],
    [{ quantity: 1.5, unitPriceFen: 1, discountFen: 0, taxRateBp: 0 }],
    [{ quantity: 1, unitPriceFen: 0.5, discountFen: 0, taxRateBp: 0 }],
    [{ quantity: 1, unitPriceFen: 100, discountFen: 101, taxRateBp: 0 }],
    [{ quantity: 1, unitPriceFen: -1, discountFen: 0, taxRateBp: 0 }],
    [{ quantity: 1, unitPriceFen: 1, discountFen: 0, taxRateBp: 10001 }],
    [{ quantity: 1_000_000_000, unitPriceFen: 100_000_000_000, discountFen: 0, taxRateBp: 0 }],
  ])('refuses %o', (line) => {
    expect(() => priceLine(line)).toThrow(RangeError);
  });
});

describe('grade prices, discount rates and margins', () => {
  it.each([
    [10000, 0, 10000],
    [10000, 500, 9500],
    [999, 1000, 899], // 899.1 → 899
    [995, 500, 945], // 945.25 → 945
    [1, 5000, 1], // 0.5 → 1 (half up)
    [12345, 10000, 0],
  ])('a list price of %i fen with %i bp off is %i fen', (list, bp, price) => {
    expect(discountedPriceFen(list, bp)).toBe(price);
  });

  it('measures how far below list a line is sold', () => {
    expect(effectiveDiscountBp({ quantity: 2, listPriceFen: 10000, totalFen: 18000 })).toBe(1000);
    expect(effectiveDiscountBp({ quantity: 3, listPriceFen: 333, totalFen: 998 })).toBe(10); // 1/999 = 0.1 %
    expect(effectiveDiscountBp({ quantity: 1, listPriceFen: 100, totalFen: 120 })).toBe(-2000);
  });

  it('computes gross margin and its share', () => {
    expect(grossMargin(100000, 62500)).toEqual({ marginFen: 37500, marginBp: 3750 });
    expect(grossMargin(3, 1)).toEqual({ marginFen: 2, marginBp: 6667 });
    expect(grossMargin(0, 100)).toEqual({ marginFen: -100, marginBp: null });
  });
});

describe('amounts in words (大写金额)', () => {
  it.each([
    [0, '零元整'],
    [1, '壹分'],
    [10, '壹角'],
    [100, '壹元整'],
    [101, '壹元零壹分'],
    [110, '壹元壹角'],
    [1000, '壹拾元整'],
    [10000, '壹佰元整'],
    [100500, '壹仟零伍元整'],
    [1010000, '壹万零壹佰元整'],
    [123456, '壹仟贰佰叁拾肆元伍角陆分'],
    [1000000000, '壹仟万元整'],
    [1000000100, '壹仟万零壹元整'],
    [100000001, '壹佰万元零壹分'],
    [10000000000, '壹亿元整'],
    [10001000000, '壹亿零壹万元整'],
    [12030405060, '壹亿贰仟零叁拾万肆仟零伍拾元陆角'],
    [-5000, '负伍拾元整'],
  ])('%i fen reads %s', (fen, words) => {
    expect(amountInWords(fen)).toBe(words);
  });
});
