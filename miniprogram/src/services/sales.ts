import type { CustomerPrice, DocumentLineInput, PriceCheckResult } from '@wesale/shared';
import { request } from './request';

/** The customer's grade price for each product (what a rep's product picker shows). Staff only. */
export async function getCustomerPrices(customerId: string, productIds: string[]): Promise<CustomerPrice[]> {
  if (productIds.length === 0) return [];
  const page = await request<{ data: CustomerPrice[] }>('GET', '/api/v1/pricing/customer-prices', {
    query: { customerId, productIds: productIds.join(',') },
  });
  return page.data;
}

/** Prices lines on the server without saving: totals, per-line flags and whether a manager must approve. Staff only. */
export function checkPrices(customerId: string, lines: DocumentLineInput[]): Promise<PriceCheckResult> {
  return request<PriceCheckResult>('POST', '/api/v1/pricing/check', { body: { customerId, lines } });
}
