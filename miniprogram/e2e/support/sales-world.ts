/**
 * Setup for the sales e2e flows, through the HTTP API as any client would: a WeChat customer bound to a
 * customer company (the rep claims and converts the lead its login made), a quote sent to it, a contract
 * from the accepted quote approved by the manager. What the test then does on screen is what it asserts.
 */
import type { apiClient } from './h5';

type Client = ReturnType<typeof apiClient>;

export interface Session {
  token: string;
  expiresAt: string;
  user: { kind: 'customer'; id: string; displayName: string; leadId: string | null };
}

export interface ApiProduct {
  id: string;
  sku: string;
  name: string;
  unit: string;
  priceFen: number;
  taxRateBp: number;
  /** Customers only: the grade price. */
  yourPriceFen?: number;
}

export interface ApiTotals {
  grossFen: number;
  discountFen: number;
  totalFen: number;
  taxFen: number;
  totalInWords: string;
}

export interface ApiQuote {
  id: string;
  number: string;
  version: number;
  status: string;
  needsApproval: boolean;
  totals: ApiTotals;
  validUntil: string;
  lines: Array<{ productName: string; quantity: number; unitPriceFen: number; totalFen: number }>;
  respondedByAccountId?: string | null;
}

export interface ApiContract {
  id: string;
  number: string;
  title: string;
  status: string;
  totals: ApiTotals;
  installments: Array<{ seq: number; dueDate: string; amountFen: number }>;
  signedByAccountId?: string | null;
}

export interface ApiOrder {
  id: string;
  number: string;
  status: string;
  channel: string;
  customerId: string;
  customerName: string;
  totals: ApiTotals;
  shippingAddress: string | null;
  lines: Array<{ productId: string; productName: string; quantity: number; unitPriceFen: number; totalFen: number }>;
  events: Array<{ fromStatus: string | null; toStatus: string }>;
}

/** Today in Shanghai, YYYY-MM-DD. */
export function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The script that puts a session (a customer's or a staff member's) into the h5 app's storage before it loads (as a login would). */
export function sessionScript(session: Pick<Session, 'token' | 'expiresAt'> & { user: unknown }): string {
  const stored = JSON.stringify({ data: { token: session.token, expiresAt: session.expiresAt, user: session.user } });
  return `localStorage.setItem('wesale.session', ${JSON.stringify(stored)});`;
}

export function salesWorld(client: Client) {
  const { api } = client;

  async function productsBySku(token: string): Promise<Map<string, ApiProduct>> {
    const page = await api<{ data: ApiProduct[] }>('GET', '/products?limit=100', token);
    return new Map(page.data.map((product) => [product.sku, product]));
  }

  /**
   * A WeChat user signs in through the fake WeChat server (a lead is made for it), rep1 claims and converts
   * that lead into a customer of the given grade — which binds the WeChat account to the company.
   */
  async function boundCustomer(openid: string, name: string, grade = 'regular'): Promise<{ session: Session; customerId: string }> {
    const session = await api<Session>('POST', '/auth/wechat', undefined, { code: `ok:${openid}` });
    const leadId = session.user.leadId;
    if (!leadId) throw new Error('the WeChat login made no lead');
    const rep1 = await client.tokenOf('rep1');
    await api('POST', `/leads/${leadId}/claim`, rep1, {});
    const converted = await api<{ customerId: string }>('POST', `/leads/${leadId}/convert`, rep1, { customer: { name, grade } });
    return { session, customerId: converted.customerId };
  }

  /** rep1 quotes, submits (the manager approves when the prices need it) and sends the quote. */
  async function sentQuote(customerId: string, lines: Array<{ productId: string; quantity: number; discountFen?: number }>): Promise<ApiQuote> {
    const rep1 = await client.tokenOf('rep1');
    const draft = await api<ApiQuote>('POST', '/quotes', rep1, {
      customerId,
      lines: lines.map((line) => ({ discountFen: 0, ...line })),
      remarks: '含运费，送货上门',
    });
    const submitted = await api<ApiQuote>('POST', `/quotes/${draft.id}/submit`, rep1);
    if (submitted.status === 'pending_approval') await api('POST', `/quotes/${draft.id}/approve`, await client.tokenOf('manager'), {});
    return api<ApiQuote>('POST', `/quotes/${draft.id}/send`, rep1);
  }

  /** rep1 makes a contract from the accepted quote and submits it; the manager approves it. */
  async function approvedContract(quoteId: string, title: string): Promise<ApiContract> {
    const rep1 = await client.tokenOf('rep1');
    const draft = await api<ApiContract>('POST', '/contracts', rep1, { quoteId, title, startDate: shanghaiToday() });
    await api('POST', `/contracts/${draft.id}/submit`, rep1);
    return api<ApiContract>('POST', `/contracts/${draft.id}/approve`, await client.tokenOf('manager'), { comment: '同意' });
  }

  return { productsBySku, boundCustomer, sentQuote, approvedContract };
}
