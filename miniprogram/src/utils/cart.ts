import Taro from '@tarojs/taro';
import { priceLine, sumLines, type DocumentTotals, type PricedLine } from '@wesale/shared/pricing';
import { getSessionUser } from '../services/session';

/**
 * The customer's cart lives on the device (per signed-in account) until checkout. Each item keeps the price
 * the customer was shown (the grade price from /products), so the cart adds up with the same shared
 * arithmetic as the server; the order the server makes is the authority and is shown after checkout.
 */
export interface CartItem {
  productId: string;
  sku: string;
  name: string;
  spec: string;
  unit: string;
  unitPriceFen: number;
  taxRateBp: number;
  quantity: number;
}

interface StoredCart {
  items: CartItem[];
  /** The Idempotency-Key of the checkout under way: kept for retries, dropped when the cart changes or the order is made. */
  checkoutKey: string | null;
}

export const MAX_CART_QUANTITY = 9999;

function storageKey(): string {
  return `wesale.cart.${getSessionUser()?.id ?? 'anonymous'}`;
}

function read(): StoredCart {
  try {
    const value = Taro.getStorageSync(storageKey()) as StoredCart | '' | undefined;
    if (value && typeof value === 'object' && Array.isArray(value.items)) return { items: value.items, checkoutKey: value.checkoutKey ?? null };
  } catch {
    // Unreadable storage: an empty cart.
  }
  return { items: [], checkoutKey: null };
}

function write(cart: StoredCart): void {
  Taro.setStorageSync(storageKey(), cart);
}

export function cartItems(): CartItem[] {
  return read().items;
}

export function cartCount(): number {
  return read().items.reduce((sum, item) => sum + item.quantity, 0);
}

/** Adds one (or `quantity`) of a product; a product already in the cart gets its quantity raised and its price refreshed. */
export function addToCart(product: Omit<CartItem, 'quantity'>, quantity = 1): CartItem[] {
  const cart = read();
  const existing = cart.items.find((item) => item.productId === product.productId);
  const items = existing
    ? cart.items.map((item) =>
        item.productId === product.productId ? { ...item, ...product, quantity: Math.min(item.quantity + quantity, MAX_CART_QUANTITY) } : item,
      )
    : cart.items.concat({ ...product, quantity: Math.min(quantity, MAX_CART_QUANTITY) });
  write({ items, checkoutKey: null });
  return items;
}

/** 0 removes the item. */
export function setCartQuantity(productId: string, quantity: number): CartItem[] {
  const cart = read();
  const items =
    quantity <= 0
      ? cart.items.filter((item) => item.productId !== productId)
      : cart.items.map((item) => (item.productId === productId ? { ...item, quantity: Math.min(quantity, MAX_CART_QUANTITY) } : item));
  write({ items, checkoutKey: null });
  return items;
}

export function clearCart(): void {
  write({ items: [], checkoutKey: null });
}

/** The key for this checkout: the same one until the order is made or the cart changes. */
export function checkoutKey(make: () => string): string {
  const cart = read();
  if (cart.checkoutKey) return cart.checkoutKey;
  const key = make();
  write({ ...cart, checkoutKey: key });
  return key;
}

export interface CartTotals extends DocumentTotals {
  lines: Array<PricedLine & { item: CartItem }>;
}

/** Line totals, tax and the sum, with the shared pricing rules (no line discounts in the cart). */
export function cartTotals(items: CartItem[]): CartTotals {
  const lines = items.map((item) => ({
    ...priceLine({ quantity: item.quantity, unitPriceFen: item.unitPriceFen, discountFen: 0, taxRateBp: item.taxRateBp }),
    item,
  }));
  return { ...sumLines(lines), lines };
}

/** A checkout attempt that ended in an answer that cannot be replayed: the next attempt gets a new key. */
export function resetCheckoutKey(): void {
  write({ ...read(), checkoutKey: null });
}

export interface ShippingDetails {
  shippingAddress: string;
  contactName: string;
  contactPhone: string;
}

function shippingKey(): string {
  return `wesale.shipping.${getSessionUser()?.id ?? 'anonymous'}`;
}

/** The address of the last order, to start the next checkout with. */
export function lastShipping(): ShippingDetails {
  try {
    const value = Taro.getStorageSync(shippingKey()) as ShippingDetails | '' | undefined;
    if (value && typeof value === 'object') return { shippingAddress: value.shippingAddress ?? '', contactName: value.contactName ?? '', contactPhone: value.contactPhone ?? '' };
  } catch {
    // Nothing remembered.
  }
  return { shippingAddress: '', contactName: '', contactPhone: '' };
}

export function saveShipping(details: ShippingDetails): void {
  Taro.setStorageSync(shippingKey(), details);
}
