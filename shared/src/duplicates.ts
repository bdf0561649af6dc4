/**
 * Duplicate control: company names and mobiles are compared in a normal form, so 「杭州西溪科技有限公司」,
 * 「杭州西溪（滨江分公司）」 and 「ＨＡＮＧＺＨＯＵ 西溪」-style variants meet.
 */
const COMPANY_SUFFIXES = ['股份有限公司', '有限责任公司', '有限公司', '股份公司', '集团公司', '集团', '股份', '科技', '公司'];

/** Full-width ASCII (Ａ-Ｚ, ０-９, （）…) and the ideographic space to their half-width forms. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

export function normalizeCompanyName(name: string): string {
  let text = toHalfWidth(name).toLowerCase();
  // Bracketed branch or region suffixes: 「（滨江分公司）」, 「(上海)」, 「【旗舰店】」.
  text = text.replace(/[(\[【][^)\]】]*[)\]】]/g, '');
  text = text.replace(/[\s·・.,，。、'"“”‘’-]/g, '');
  let changed = true;
  while (changed) {
    changed = false;
    for (const suffix of COMPANY_SUFFIXES) {
      if (text.endsWith(suffix) && text.length > suffix.length) {
        text = text.slice(0, -suffix.length);
        changed = true;
      }
    }
  }
  return text;
}

/** 11-digit mainland mobile without +86, spaces or dashes; null when it is not one. */
export function normalizeMobile(mobile: string): string | null {
  let digits = toHalfWidth(mobile).replace(/[\s\-()]/g, '');
  digits = digits.replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** 张三 → 张*, 张三丰 → 张**, used when a caller may only learn that someone owns a duplicate. */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '*';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** Text as the customer search compares it: half-width, lower case, without whitespace. */
export function searchFold(text: string): string {
  return toHalfWidth(text).toLowerCase().replace(/\s+/g, '');
}

/** The longest piece the customer search index holds: a longer query is looked up by its pieces of this length. */
export const SEARCH_GRAM_MAX = 3;

/**
 * The pieces of a name the customer search index holds: every run of one to three characters of its folded
 * form. 「杭州西溪」 → 杭, 州, 西, 溪, 杭州, 州西, 西溪, 杭州西, 州西溪. `lengths` picks the run lengths.
 */
export function searchGrams(text: string, lengths: readonly number[] = [1, 2, SEARCH_GRAM_MAX]): string[] {
  const chars = [...searchFold(text)];
  const grams = new Set<string>();
  for (const length of lengths) {
    for (let i = 0; i + length <= chars.length; i++) grams.add(chars.slice(i, i + length).join(''));
  }
  return [...grams];
}

/** Every leading part of a (normalised) mobile, as the customer search index holds it: 1, 13, 138, … */
export function mobilePrefixes(mobile: string): string[] {
  return Array.from({ length: mobile.length }, (_, i) => mobile.slice(0, i + 1));
}
