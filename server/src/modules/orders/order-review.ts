import { formatYuan, type OrderReviewReason, type OrderStatus } from '@wesale/shared';

/**
 * The review rules of a new order, as pure functions (the service feeds them what it read).
 *
 * Credit (信用额度 → finance approves, kind order_credit): the customer's exposure is the unpaid balance
 * (totalFen − paidFen) of every order that is neither cancelled nor completed — pending ones included, since
 * each becomes a receivable once confirmed, and delivered-but-unpaid ones still owe. An order is only ever
 * completed once it is paid in full, so leaving completed orders out loses nothing. A credit limit of 0 means
 * no limit was set: the rule does not apply (a cash-only customer is a matter for the payment terms).
 *
 * Price (→ the team's manager approves, kind order_price): any line the price rules flag — below the
 * product's floor price, or a rep's discount beyond their own limit.
 */
export const CREDIT_EXPOSURE_STATUSES: readonly OrderStatus[] = ['pending_review', 'confirmed', 'partially_shipped', 'shipped', 'delivered'];

export interface CreditInput {
  /** 0: no limit set. */
  creditLimitFen: number;
  /** Unpaid balance of the customer's other open orders. */
  openFen: number;
  /** What this order adds to the exposure (its total less anything paid with it). */
  orderUnpaidFen: number;
}

export function creditReason({ creditLimitFen, openFen, orderUnpaidFen }: CreditInput): OrderReviewReason | null {
  if (creditLimitFen <= 0 || orderUnpaidFen <= 0) return null;
  const exposure = openFen + orderUnpaidFen;
  if (exposure <= creditLimitFen) return null;
  return {
    kind: 'order_credit',
    reason: `超出信用额度：额度 ${formatYuan(creditLimitFen)}，未结订单 ${formatYuan(openFen)} + 本单 ${formatYuan(orderUnpaidFen)}，超出 ${formatYuan(exposure - creditLimitFen)}`,
  };
}

export function priceReason(priceApprovalReasons: readonly string[]): OrderReviewReason | null {
  if (priceApprovalReasons.length === 0) return null;
  return { kind: 'order_price', reason: `价格需经理审批：${priceApprovalReasons.join('；')}` };
}

export function reviewReasons(input: { credit: CreditInput | null; priceApprovalReasons: readonly string[] }): OrderReviewReason[] {
  return [input.credit && creditReason(input.credit), priceReason(input.priceApprovalReasons)].filter(
    (reason): reason is OrderReviewReason => reason !== null,
  );
}
