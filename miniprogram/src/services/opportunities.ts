import type {
  OpportunityDetailDto,
  OpportunityDto,
  OpportunityFunnelDto,
  OpportunityStageMove,
  OpportunityStatus,
  Page,
  StageTemplateDto,
} from '@wesale/shared';
import { request } from './request';

export interface OpportunityListParams {
  stageId?: string;
  status?: OpportunityStatus;
  customerId?: string;
  q?: string;
  cursor?: string | null;
  limit?: number;
}

export function listOpportunities({ limit = 20, ...params }: OpportunityListParams): Promise<Page<OpportunityDto>> {
  return request<Page<OpportunityDto>>('GET', '/api/v1/opportunities', { query: { limit, ...params } });
}

export function getOpportunity(id: string): Promise<OpportunityDetailDto> {
  return request<OpportunityDetailDto>('GET', `/api/v1/opportunities/${id}`);
}

export function moveOpportunityStage(id: string, move: OpportunityStageMove): Promise<OpportunityDetailDto> {
  return request<OpportunityDetailDto>('POST', `/api/v1/opportunities/${id}/stage`, { body: move });
}

export async function listStageTemplates(): Promise<StageTemplateDto[]> {
  return (await request<Page<StageTemplateDto>>('GET', '/api/v1/stage-templates')).data;
}

export function getFunnel(templateId?: string): Promise<OpportunityFunnelDto> {
  return request<OpportunityFunnelDto>('GET', '/api/v1/opportunities/funnel', { query: { templateId } });
}
