import type { DocumentLineInput } from '@wesale/shared';
import { formatFen, formatYuan, parseYuanToFen } from '@wesale/shared/money';
import { documentBoundsIssues, MAX_AMOUNT_FEN, MAX_LINE_TOTAL_FEN } from '@wesale/shared/pricing';

/** A line while a rep edits a quote or an order: prices as typed (yuan), checked before they are sent. */
export interface DraftLine {
  key: string;
  productId: string;
  sku: string;
  productName: string;
  spec: string;
  unit: string;
  listPriceFen: number;
  quantity: number;
  /** Unit price in yuan as typed, "688.00". */
  priceText: string;
  /** Amount off the whole line in yuan as typed; empty means none. */
  discountText: string;
}

let sequence = 0;

export function draftLine(product: { productId: string; sku: string; productName: string; spec: string; unit: string; listPriceFen: number }, unitPriceFen: number, quantity = 1, discountFen = 0): DraftLine {
  sequence += 1;
  return {
    key: `line-${sequence}`,
    ...product,
    quantity,
    priceText: formatFen(unitPriceFen).replace(/,/g, ''),
    discountText: discountFen ? formatFen(discountFen).replace(/,/g, '') : '',
  };
}

function fenOf(text: string): number | null {
  if (!text.trim()) return 0;
  try {
    const fen = parseYuanToFen(text);
    return fen >= 0 ? fen : null;
  } catch {
    return null;
  }
}

/** What is wrong with a line as typed, or null. */
export function lineProblem(line: DraftLine): string | null {
  if (!Number.isInteger(line.quantity) || line.quantity < 1) return '数量至少为 1';
  if (!line.priceText.trim()) return '请输入单价';
  const price = fenOf(line.priceText);
  if (price === null) return '单价格式不正确';
  if (price > MAX_AMOUNT_FEN) return `单价不能超过 ${formatYuan(MAX_AMOUNT_FEN)}`;
  const discount = fenOf(line.discountText);
  if (discount === null) return '优惠金额格式不正确';
  if (discount > MAX_AMOUNT_FEN) return `优惠不能超过 ${formatYuan(MAX_AMOUNT_FEN)}`;
  if (discount > price * line.quantity) return '优惠不能超过本行金额';
  if (documentBoundsIssues([{ quantity: line.quantity, unitPriceFen: price, discountFen: discount }]).length > 0) return `本行金额不能超过 ${formatYuan(MAX_LINE_TOTAL_FEN)}`;
  return null;
}

/** The lines as the API takes them, or null while any line is not valid yet. */
export function linesInput(lines: DraftLine[]): DocumentLineInput[] | null {
  if (lines.length === 0 || lines.some((line) => lineProblem(line) !== null)) return null;
  return lines.map((line) => ({
    productId: line.productId,
    quantity: line.quantity,
    unitPriceFen: fenOf(line.priceText) ?? 0,
    discountFen: fenOf(line.discountText) ?? 0,
  }));
}
