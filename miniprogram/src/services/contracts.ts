import type { ContractDto, ContractStatus, ContractSummaryDto, CustomerContractDto, CustomerContractSummaryDto, Page } from '@wesale/shared';
import { request } from './request';

export type AnyContract = ContractDto | CustomerContractDto;
export type AnyContractSummary = ContractSummaryDto | CustomerContractSummaryDto;

export interface ContractListParams {
  customerId?: string;
  status?: ContractStatus;
  q?: string;
  cursor?: string | null;
  limit?: number;
}

export function isStaffContract(contract: AnyContract): contract is ContractDto {
  return 'ownerId' in contract;
}

export function listContracts({ limit = 20, ...params }: ContractListParams): Promise<Page<AnyContractSummary>> {
  return request<Page<AnyContractSummary>>('GET', '/api/v1/contracts', { query: { limit, ...params } });
}

export function getContract(id: string): Promise<AnyContract> {
  return request<AnyContract>('GET', `/api/v1/contracts/${id}`);
}

export type ContractAction = 'submit' | 'approve' | 'reject';

export function contractAction(id: string, action: ContractAction, comment?: string): Promise<ContractDto> {
  return request<ContractDto>('POST', `/api/v1/contracts/${id}/${action}`, { body: comment ? { comment } : {} });
}

/** The customer confirms (signs) an approved contract. */
export function signContract(id: string): Promise<AnyContract> {
  return request<AnyContract>('POST', `/api/v1/contracts/${id}/sign`, { body: {} });
}
