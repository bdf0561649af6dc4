import type { OrderCreate, OrderDetailDto, OrderDto, OrderStatus, Page, StaffOrderDetailDto } from '@wesale/shared';
import { request } from './request';

export interface OrderListParams {
  customerId?: string;
  status?: OrderStatus;
  q?: string;
  cursor?: string | null;
  limit?: number;
}

export function isStaffOrder(order: OrderDetailDto): order is StaffOrderDetailDto {
  return 'reviewStatus' in order;
}

export function listOrders({ limit = 20, ...params }: OrderListParams): Promise<Page<OrderDto>> {
  return request<Page<OrderDto>>('GET', '/api/v1/orders', { query: { limit, ...params } });
}

export function getOrder(id: string): Promise<OrderDetailDto> {
  return request<OrderDetailDto>('GET', `/api/v1/orders/${id}`);
}

/**
 * `idempotencyKey` is made once per checkout attempt and sent again on a retry of the same attempt, so a
 * request that reached the server before the network failed does not make a second order.
 */
export function createOrder(input: OrderCreate, idempotencyKey: string): Promise<OrderDetailDto> {
  return request<OrderDetailDto>('POST', '/api/v1/orders', { body: input, headers: { 'Idempotency-Key': idempotencyKey } });
}

export function confirmOrder(id: string): Promise<OrderDetailDto> {
  return request<OrderDetailDto>('POST', `/api/v1/orders/${id}/confirm`, { body: {} });
}

export function cancelOrder(id: string, reason?: string): Promise<OrderDetailDto> {
  return request<OrderDetailDto>('POST', `/api/v1/orders/${id}/cancel`, { body: reason ? { reason } : {} });
}

/** A fresh key for one checkout attempt (no crypto API in every mini-program runtime; uniqueness, not secrecy, is what counts). */
export function newIdempotencyKey(): string {
  const random = () => Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return `ws-${Date.now().toString(36)}-${random()}${random()}`;
}
