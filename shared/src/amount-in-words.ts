import { assertFen } from './money';

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const BIG_UNITS = ['', '万', '亿', '万亿'];

/** Four digits (0–9999) as 大写 with their 拾/佰/仟, zeros inside collapsed to one 零. */
function section(value: number): string {
  let text = '';
  let pendingZero = false;
  for (let position = 3; position >= 0; position--) {
    const digit = Math.floor(value / 10 ** position) % 10;
    if (digit === 0) {
      if (text) pendingZero = true;
      continue;
    }
    if (pendingZero) text += '零';
    pendingZero = false;
    text += DIGITS[digit] + SMALL_UNITS[position];
  }
  return text;
}

/**
 * 大写金额 for documents and receipts, from fen: 123456 → 壹仟贰佰叁拾肆元伍角陆分; 10000 → 壹佰元整;
 * 100000001 → 壹佰万元零壹分; 0 → 零元整. Negative amounts are prefixed 负.
 */
export function amountInWords(fen: number): string {
  assertFen(fen);
  if (fen < 0) return `负${amountInWords(-fen)}`;
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;

  let integer = '';
  if (yuan > 0) {
    const sections: number[] = [];
    for (let rest = yuan; rest > 0; rest = Math.floor(rest / 10_000)) sections.push(rest % 10_000);
    let needZero = false;
    for (let i = sections.length - 1; i >= 0; i--) {
      const value = sections[i];
      if (value === 0) {
        needZero = integer.length > 0;
        continue;
      }
      if (needZero || (integer && value < 1000)) integer += '零';
      integer += section(value) + BIG_UNITS[i];
      needZero = false;
    }
    integer += '元';
  }

  if (jiao === 0 && cents === 0) return `${integer || '零元'}整`;
  let fraction = '';
  if (jiao > 0) fraction += `${DIGITS[jiao]}角`;
  else if (integer) fraction += '零';
  if (cents > 0) fraction += `${DIGITS[cents]}分`;
  return integer + fraction;
}
