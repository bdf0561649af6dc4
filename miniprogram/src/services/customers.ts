import type { ContactCreate, ContactDto, CrmSettings, CustomerDto, Page, TimelineEventDto } from '@wesale/shared';
import { request } from './request';

export type CustomerScope = 'all' | 'mine' | 'pool';

export interface CustomerListParams {
  scope?: CustomerScope;
  q?: string;
  grade?: string;
  tag?: string;
  cursor?: string | null;
  limit?: number;
}

export type CustomerClaimResult = { status: 'claimed'; customer: CustomerDto } | { status: 'pending_approval'; approvalId: string };

export function listCustomers({ limit = 20, ...params }: CustomerListParams): Promise<Page<CustomerDto>> {
  return request<Page<CustomerDto>>('GET', '/api/v1/customers', { query: { limit, ...params } });
}

export function getCustomer(id: string): Promise<CustomerDto> {
  return request<CustomerDto>('GET', `/api/v1/customers/${id}`);
}

/** 200 claimed (from the pool) or 202 pending_approval (another rep's customer). */
export function claimCustomer(id: string, reason?: string): Promise<CustomerClaimResult> {
  return request<CustomerClaimResult>('POST', `/api/v1/customers/${id}/claim`, { body: { reason } });
}

export function releaseCustomer(id: string, reason?: string): Promise<CustomerDto> {
  return request<CustomerDto>('POST', `/api/v1/customers/${id}/release`, { body: { reason } });
}

export async function listContacts(customerId: string): Promise<ContactDto[]> {
  return (await request<{ data: ContactDto[] }>('GET', `/api/v1/customers/${customerId}/contacts`)).data;
}

export function addContact(customerId: string, input: ContactCreate): Promise<ContactDto> {
  return request<ContactDto>('POST', `/api/v1/customers/${customerId}/contacts`, { body: input });
}

export function listTimeline(customerId: string, cursor?: string | null, limit = 20): Promise<Page<TimelineEventDto>> {
  return request<Page<TimelineEventDto>>('GET', `/api/v1/customers/${customerId}/timeline`, { query: { limit, cursor } });
}

/** Grades and other CRM settings (every staff member may read them). */
export function getCrmSettings(): Promise<CrmSettings> {
  return request<CrmSettings>('GET', '/api/v1/settings/crm');
}
