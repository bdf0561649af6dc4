import { creditReason, priceReason, reviewReasons } from './order-review';

describe('order review rules', () => {
  it.each([
    // creditLimitFen, openFen, orderUnpaidFen, needs finance
    [0, 5_000_000, 5_000_000, false], // no limit set
    [100_000, 0, 100_000, false], // exactly at the limit
    [100_000, 0, 100_001, true],
    [100_000, 60_000, 40_000, false],
    [100_000, 60_000, 40_001, true],
    [100_000, 200_000, 0, false], // a fully paid counter sale adds nothing
    [100_000, 150_000, 1, true], // already over: any unpaid order needs approval
  ])('limit %i, open %i, this order %i → credit review %s', (creditLimitFen, openFen, orderUnpaidFen, needed) => {
    const reason = creditReason({ creditLimitFen, openFen, orderUnpaidFen });
    expect(reason?.kind ?? null).toBe(needed ? 'order_credit' : null);
  });

  it('explains the credit excess in yuan', () => {
    expect(creditReason({ creditLimitFen: 100_000, openFen: 60_000, orderUnpaidFen: 50_000 })?.reason).toBe(
      '超出信用额度：额度 ¥1,000.00，未结订单 ¥600.00 + 本单 ¥500.00，超出 ¥100.00',
    );
  });

  it.each([
    [[], null],
    [['第 1 行「龙井」低于底价'], 'order_price'],
    [['第 1 行「龙井」低于底价', '第 2 行「白茶」折扣 10.00% 超出您的权限 5.00%'], 'order_price'],
  ])('price reasons %j → %s', (reasons, kind) => {
    expect(priceReason(reasons)?.kind ?? null).toBe(kind);
  });

  it('lists credit before price, one reason per approval kind', () => {
    const reasons = reviewReasons({
      credit: { creditLimitFen: 1, openFen: 0, orderUnpaidFen: 2 },
      priceApprovalReasons: ['第 1 行「龙井」低于底价', '第 2 行「白茶」低于底价'],
    });
    expect(reasons.map((r) => r.kind)).toEqual(['order_credit', 'order_price']);
    expect(reasons[1].reason).toBe('价格需经理审批：第 1 行「龙井」低于底价；第 2 行「白茶」低于底价');
    expect(reviewReasons({ credit: null, priceApprovalReasons: [] })).toEqual([]);
  });
});
