import type { CustomerProduct, Page, ProductStatus } from '@wesale/shared';
import { request } from './request';

/**
 * The fields the list shows. Staff also get `status` (and see inactive products); customers never do, but get
 * `yourPriceFen`, their grade price.
 */
export type ProductListItem = Omit<CustomerProduct, 'yourPriceFen'> & { yourPriceFen?: number; status?: ProductStatus };

export interface ProductListParams {
  q?: string;
  cursor?: string | null;
  limit?: number;
}

export function listProducts({ q, cursor, limit = 20 }: ProductListParams): Promise<Page<ProductListItem>> {
  return request<Page<ProductListItem>>('GET', '/api/v1/products', { query: { limit, q, cursor } });
}
