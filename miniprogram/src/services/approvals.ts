import type { ApprovalDto, ApprovalStatus, Page } from '@wesale/shared';
import { request } from './request';

export interface ApprovalListParams {
  /** todo: what I may decide; mine: what I asked for. */
  scope?: 'todo' | 'mine';
  status?: ApprovalStatus;
  cursor?: string | null;
  limit?: number;
}

export function listApprovals({ limit = 20, ...params }: ApprovalListParams): Promise<Page<ApprovalDto>> {
  return request<Page<ApprovalDto>>('GET', '/api/v1/approvals', { query: { limit, ...params } });
}

export function approve(id: string, comment?: string): Promise<ApprovalDto> {
  return request<ApprovalDto>('POST', `/api/v1/approvals/${id}/approve`, { body: { comment } });
}

export function reject(id: string, comment?: string): Promise<ApprovalDto> {
  return request<ApprovalDto>('POST', `/api/v1/approvals/${id}/reject`, { body: { comment } });
}

export function cancelApproval(id: string): Promise<ApprovalDto> {
  return request<ApprovalDto>('POST', `/api/v1/approvals/${id}/cancel`);
}
