/** The state machines of the domain, without zod, so the mini-program can bundle them. */
import type { ContractStatus, LeadStatus, OrderStatus, QuoteStatus, ShipmentStatus, StocktakeStatus } from './enums';
import { defineStateMachine } from './state-machine';

export const leadStateMachine = defineStateMachine<LeadStatus>('lead', {
  new: ['contacted', 'qualified', 'converted', 'lost'],
  contacted: ['qualified', 'converted', 'lost'],
  qualified: ['converted', 'lost'],
  converted: [],
  lost: ['new'],
});

/** A quote is approved only when a line needs it; otherwise submit goes straight to approved. */
export const quoteStateMachine = defineStateMachine<QuoteStatus>('quote', {
  draft: ['pending_approval', 'approved', 'superseded'],
  pending_approval: ['approved', 'draft'],
  approved: ['sent', 'superseded'],
  sent: ['accepted', 'declined', 'expired', 'superseded'],
  accepted: [],
  declined: ['superseded'],
  expired: ['superseded'],
  superseded: [],
});

export const contractStateMachine = defineStateMachine<ContractStatus>('contract', {
  draft: ['pending_approval'],
  pending_approval: ['approved', 'draft'],
  approved: ['signed', 'terminated'],
  signed: ['active', 'terminated'],
  active: ['completed', 'terminated'],
  completed: [],
  terminated: [],
});

export const orderStateMachine = defineStateMachine<OrderStatus>('order', {
  pending_review: ['confirmed', 'cancelled'],
  confirmed: ['partially_shipped', 'shipped', 'cancelled'],
  partially_shipped: ['shipped'],
  shipped: ['delivered'],
  delivered: ['completed'],
  completed: [],
  cancelled: [],
});

export const shipmentStateMachine = defineStateMachine<ShipmentStatus>('shipment', {
  pending: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
});

export const stocktakeStateMachine = defineStateMachine<StocktakeStatus>('stocktake', {
  counting: ['pending_approval', 'cancelled'],
  pending_approval: ['approved', 'rejected'],
  approved: [],
  rejected: ['counting', 'cancelled'],
  cancelled: [],
});
