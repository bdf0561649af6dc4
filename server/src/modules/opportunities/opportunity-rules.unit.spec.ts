import { normalizeOpportunityName, OPPORTUNITY_STATUSES, opportunityStateMachine, weightedAmountFen } from '@wesale/shared';

describe('opportunity state machine', () => {
  it('closes an open opportunity as won or lost, and reopens a closed one', () => {
    expect(opportunityStateMachine.nextStates('open')).toEqual(['won', 'lost']);
    expect(opportunityStateMachine.nextStates('won')).toEqual(['open']);
    expect(opportunityStateMachine.nextStates('lost')).toEqual(['open']);
  });

  it('allows nothing else', () => {
    const allowed = new Set(['open>won', 'open>lost', 'won>open', 'lost>open']);
    for (const from of OPPORTUNITY_STATUSES) {
      for (const to of OPPORTUNITY_STATUSES) {
        expect({ from, to, allowed: opportunityStateMachine.canTransition(from, to) }).toEqual({ from, to, allowed: allowed.has(`${from}>${to}`) });
      }
    }
  });
});

describe('weightedAmountFen', () => {
  it('rounds amount × probability / 100 half up to whole fen', () => {
    expect(weightedAmountFen(12_345, 30)).toBe(3_704); // 3703.5
    expect(weightedAmountFen(12_344, 30)).toBe(3_703); // 3703.2
    expect(weightedAmountFen(5, 10)).toBe(1); // 0.5
    expect(weightedAmountFen(4, 10)).toBe(0); // 0.4
    expect(weightedAmountFen(99_999, 100)).toBe(99_999);
    expect(weightedAmountFen(99_999, 0)).toBe(0);
  });

  it('stays exact beyond the double range of amount × probability', () => {
    expect(weightedAmountFen(9_007_199_254_740_991n, 70)).toBe(Number((9_007_199_254_740_991n * 70n + 50n) / 100n));
  });

  it('refuses a negative amount', () => {
    expect(() => weightedAmountFen(-1, 50)).toThrow(RangeError);
  });
});

describe('normalizeOpportunityName', () => {
  it('folds width, case and spacing only', () => {
    expect(normalizeOpportunityName('ＡＢＣ　年礼 采购')).toBe('abc年礼采购');
    expect(normalizeOpportunityName('西溪科技有限公司 茶礼')).toBe('西溪科技有限公司茶礼');
    expect(normalizeOpportunityName('茶礼（二期）')).not.toBe(normalizeOpportunityName('茶礼'));
  });
});
