/**
 * Money is integer fen (分) everywhere. These are the only helpers that turn fen into text or
 * yuan strings into fen, so the server, documents and the mini-program show identical numbers.
 */

export function assertFen(value: number, name = 'amount'): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an integer number of fen`);
  return value;
}

/** 123456 → "1,234.56"; negative amounts keep their sign. */
export function formatFen(fen: number): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${yuan}.${cents}`;
}

/** "¥1,234.56" — what the UI shows. */
export function formatYuan(fen: number): string {
  return `¥${formatFen(fen)}`;
}

/** Parses a yuan amount typed by a person ("12", "12.5", "1,234.56") into fen without floating point. */
export function parseYuanToFen(text: string): number {
  const cleaned = text.replace(/[,\s¥￥]/g, '');
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) throw new RangeError(`"${text}" is not an amount in yuan`);
  const [, sign, whole, fraction = ''] = match;
  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  assertFen(fen);
  return sign === '-' ? -fen : fen;
}
