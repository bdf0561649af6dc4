/** The state machines of the domain, without zod, so the mini-program can bundle them. */
import type { LeadStatus } from './enums';
import { defineStateMachine } from './state-machine';

export const leadStateMachine = defineStateMachine<LeadStatus>('lead', {
  new: ['contacted', 'qualified', 'converted', 'lost'],
  contacted: ['qualified', 'converted', 'lost'],
  qualified: ['converted', 'lost'],
  converted: [],
  lost: ['new'],
});
