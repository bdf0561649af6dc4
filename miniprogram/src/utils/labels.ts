import type { ContractStatus, LeadStatus, OpportunityStatus, OrderStatus, QuoteStatus, ShipmentStatus, StageKind } from '@wesale/shared';

export type TagTone = 'default' | 'primary' | 'success' | 'warning' | 'danger' | 'info';

/** Colors of status badges, one scheme across the CRM pages. */
export const LEAD_STATUS_TONES: Record<LeadStatus, TagTone> = {
  new: 'primary',
  contacted: 'info',
  qualified: 'warning',
  converted: 'success',
  lost: 'default',
};

export const OPPORTUNITY_STATUS_TONES: Record<OpportunityStatus, TagTone> = {
  open: 'primary',
  won: 'success',
  lost: 'default',
};

export function stageTone(kind: StageKind): TagTone {
  return kind === 'won' ? 'success' : kind === 'lost' ? 'default' : 'primary';
}

/** "138 0000 0001" for reading (staff see full numbers: they call them); anything else as is. */
export function formatMobile(mobile: string | null | undefined): string {
  if (!mobile) return '—';
  return /^\d{11}$/.test(mobile) ? `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}` : mobile;
}

export const QUOTE_STATUS_TONES: Record<QuoteStatus, TagTone> = {
  draft: 'default',
  pending_approval: 'warning',
  approved: 'info',
  sent: 'primary',
  accepted: 'success',
  declined: 'danger',
  expired: 'default',
  superseded: 'default',
};

export const CONTRACT_STATUS_TONES: Record<ContractStatus, TagTone> = {
  draft: 'default',
  pending_approval: 'warning',
  approved: 'primary',
  signed: 'success',
  active: 'info',
  completed: 'success',
  terminated: 'default',
};

export const ORDER_STATUS_TONES: Record<OrderStatus, TagTone> = {
  pending_review: 'warning',
  confirmed: 'primary',
  partially_shipped: 'info',
  shipped: 'info',
  delivered: 'success',
  completed: 'success',
  cancelled: 'default',
};

export const SHIPMENT_STATUS_TONES: Record<ShipmentStatus, TagTone> = {
  pending: 'warning',
  shipped: 'info',
  delivered: 'success',
  cancelled: 'default',
};
