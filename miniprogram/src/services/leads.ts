import type { DuplicateMatch, Lead, LeadConvert, LeadCreate, LeadSource, LeadStatus, Page } from '@wesale/shared';
import { request } from './request';

export type LeadScope = 'all' | 'mine' | 'pool';

export interface LeadListParams {
  scope?: LeadScope;
  status?: LeadStatus;
  source?: LeadSource;
  q?: string;
  cursor?: string | null;
  limit?: number;
}

export type LeadWriteResult = Lead & { duplicates: DuplicateMatch[] };

export interface LeadConvertResult {
  lead: Lead;
  customerId: string;
  contactId: string;
  duplicates: DuplicateMatch[];
}

export type LeadClaimResult = { status: 'claimed'; lead: Lead } | { status: 'pending_approval'; approvalId: string };

export function listLeads({ limit = 20, ...params }: LeadListParams): Promise<Page<Lead>> {
  return request<Page<Lead>>('GET', '/api/v1/leads', { query: { limit, ...params } });
}

export function getLead(id: string): Promise<Lead> {
  return request<Lead>('GET', `/api/v1/leads/${id}`);
}

export function createLead(input: Partial<LeadCreate> & { name: string }): Promise<LeadWriteResult> {
  return request<LeadWriteResult>('POST', '/api/v1/leads', { body: input });
}

/** new → contacted → qualified, or lost (with a reason), or back to new from lost. */
export function changeLeadStatus(id: string, status: Exclude<LeadStatus, 'converted'>, lostReason?: string): Promise<Lead> {
  return request<Lead>('POST', `/api/v1/leads/${id}/status`, { body: { status, lostReason } });
}

export function claimLead(id: string, reason?: string): Promise<LeadClaimResult> {
  return request<LeadClaimResult>('POST', `/api/v1/leads/${id}/claim`, { body: { reason } });
}

export function convertLead(id: string, input: LeadConvert): Promise<LeadConvertResult> {
  return request<LeadConvertResult>('POST', `/api/v1/leads/${id}/convert`, { body: input });
}
