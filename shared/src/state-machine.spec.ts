import { leadStateMachine } from './state-machines';

describe('lead state machine', () => {
  it('allows the documented path new → contacted → qualified → converted', () => {
    expect(leadStateMachine.canTransition('new', 'contacted')).toBe(true);
    expect(leadStateMachine.canTransition('contacted', 'qualified')).toBe(true);
    expect(leadStateMachine.canTransition('qualified', 'converted')).toBe(true);
  });

  it('never leaves converted, and never goes backwards', () => {
    expect(leadStateMachine.nextStates('converted')).toEqual([]);
    expect(leadStateMachine.canTransition('qualified', 'contacted')).toBe(false);
    expect(leadStateMachine.canTransition('contacted', 'new')).toBe(false);
  });

  it('lets a lost lead be reopened as new', () => {
    expect(leadStateMachine.canTransition('lost', 'new')).toBe(true);
  });
});
