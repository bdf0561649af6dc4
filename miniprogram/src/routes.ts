/** Page paths, for Taro.navigateTo / switchTab / reLaunch. */
export const ROUTES = {
  /** The launch page: the product list for customers (and staff outside sales); sales staff move on to their home. */
  products: '/pages/index/index',
  login: '/pages/login/index',

  // Tab pages of sales staff (main package).
  home: '/pages/home/index',
  leads: '/pages/leads/index',
  customers: '/pages/customers/index',
  opportunities: '/pages/opportunities/index',
  me: '/pages/me/index',

  // Subpackages, one per domain.
  leadDetail: '/packages/leads/detail/index',
  leadConvert: '/packages/leads/convert/index',
  leadCreate: '/packages/leads/create/index',
  customerDetail: '/packages/customers/detail/index',
  followUpCreate: '/packages/follow-ups/create/index',
  opportunityDetail: '/packages/opportunities/detail/index',
  funnel: '/packages/opportunities/funnel/index',
  approvals: '/packages/approvals/list/index',

  // Sales documents: customers and staff share these pages (each shows what its reader may do).
  quotes: '/packages/quotes/list/index',
  quoteDetail: '/packages/quotes/detail/index',
  quoteEdit: '/packages/quotes/edit/index',
  contracts: '/packages/contracts/list/index',
  contractDetail: '/packages/contracts/detail/index',
  orders: '/packages/orders/list/index',
  orderDetail: '/packages/orders/detail/index',
  cart: '/packages/orders/cart/index',
  checkout: '/packages/orders/checkout/index',
  orderCreate: '/packages/orders/create/index',
} as const;

export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const parts = Object.keys(query)
    .filter((key) => query[key] !== undefined && query[key] !== '')
    .map((key) => `${key}=${encodeURIComponent(String(query[key]))}`);
  return parts.length ? `${path}?${parts.join('&')}` : path;
}

/** A query value as the page receives it: decoded once (weapp hands it over still encoded, h5 may not). */
export function queryParam(value: string | undefined): string {
  if (!value) return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
