import type { FollowUpCreate, FollowUpDto, FollowUpSubject, Page } from '@wesale/shared';
import { request } from './request';

const SUBJECT_PATHS: Record<FollowUpSubject, string> = {
  lead: 'leads',
  customer: 'customers',
  opportunity: 'opportunities',
};

export function listFollowUps(subjectType: FollowUpSubject, subjectId: string, cursor?: string | null, limit = 20): Promise<Page<FollowUpDto>> {
  return request<Page<FollowUpDto>>('GET', `/api/v1/${SUBJECT_PATHS[subjectType]}/${subjectId}/follow-ups`, { query: { limit, cursor } });
}

export function addFollowUp(subjectType: FollowUpSubject, subjectId: string, input: FollowUpCreate): Promise<FollowUpDto> {
  return request<FollowUpDto>('POST', `/api/v1/${SUBJECT_PATHS[subjectType]}/${subjectId}/follow-ups`, { body: input });
}

/** 今日待跟进: my open next follow-ups due by the end of today (Shanghai), overdue first. */
export async function listDueFollowUps(): Promise<FollowUpDto[]> {
  return (await request<{ data: FollowUpDto[] }>('GET', '/api/v1/follow-ups/due')).data;
}
