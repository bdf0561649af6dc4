import { formatFen, formatYuan, parseYuanToFen } from './money';

describe('money in fen', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [12345, '123.45'],
    [123456789, '1,234,567.89'],
    [-150, '-1.50'],
  ])('formats %i fen as %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });

  it('shows yuan with the currency sign', () => {
    expect(formatYuan(68800)).toBe('¥688.00');
  });

  it('refuses fractional fen', () => {
    expect(() => formatFen(1.5)).toThrow(RangeError);
  });

  it.each([
    ['12', 1200],
    ['12.5', 1250],
    ['0.07', 7],
    ['¥1,234.56', 123456],
    ['-3.1', -310],
  ])('parses "%s" yuan into %i fen without floating point', (text, fen) => {
    expect(parseYuanToFen(text)).toBe(fen);
  });

  it.each(['', 'abc', '1.234', '1e3', '--1'])('refuses "%s"', (text) => {
    expect(() => parseYuanToFen(text)).toThrow(RangeError);
  });
});
