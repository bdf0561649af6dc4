import type { CustomerQuoteDto, CustomerQuoteSummaryDto, Page, QuoteCreate, QuoteDto, QuoteStatus, QuoteSummaryDto, QuoteUpdate } from '@wesale/shared';
import { request } from './request';

/** Staff get the full DTOs, customers the trimmed ones; pages branch on `'ownerId' in quote`. */
export type AnyQuote = QuoteDto | CustomerQuoteDto;
export type AnyQuoteSummary = QuoteSummaryDto | CustomerQuoteSummaryDto;

export interface QuoteListParams {
  customerId?: string;
  status?: QuoteStatus;
  q?: string;
  cursor?: string | null;
  limit?: number;
}

export function isStaffQuote(quote: AnyQuote): quote is QuoteDto {
  return 'ownerId' in quote;
}

export function listQuotes({ limit = 20, ...params }: QuoteListParams): Promise<Page<AnyQuoteSummary>> {
  return request<Page<AnyQuoteSummary>>('GET', '/api/v1/quotes', { query: { limit, ...params } });
}

export function getQuote(id: string): Promise<AnyQuote> {
  return request<AnyQuote>('GET', `/api/v1/quotes/${id}`);
}

export function createQuote(input: QuoteCreate): Promise<QuoteDto> {
  return request<QuoteDto>('POST', '/api/v1/quotes', { body: input });
}

export function updateQuote(id: string, input: QuoteUpdate): Promise<QuoteDto> {
  return request<QuoteDto>('PATCH', `/api/v1/quotes/${id}`, { body: input });
}

export type QuoteAction = 'submit' | 'approve' | 'reject' | 'send' | 'revise';

/** submit / approve / reject / send / revise: each answers with the quote as it is now (revise: the new draft). */
export function quoteAction(id: string, action: QuoteAction, comment?: string): Promise<QuoteDto> {
  return request<QuoteDto>('POST', `/api/v1/quotes/${id}/${action}`, { body: comment ? { comment } : {} });
}

export function acceptQuote(id: string, note?: string): Promise<AnyQuote> {
  return request<AnyQuote>('POST', `/api/v1/quotes/${id}/accept`, { body: note ? { note } : {} });
}

export function declineQuote(id: string, reason?: string): Promise<AnyQuote> {
  return request<AnyQuote>('POST', `/api/v1/quotes/${id}/decline`, { body: reason ? { reason } : {} });
}
