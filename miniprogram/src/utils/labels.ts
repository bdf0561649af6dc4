import type { LeadStatus, OpportunityStatus, StageKind } from '@wesale/shared';

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
