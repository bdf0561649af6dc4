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

/**
 * The two-character pieces (bigrams) of a name, as the customer search index stores them: half-width,
 * lower case, without spaces. 「杭州西溪」 → 杭州, 州西, 西溪. A one-character text has none.
 */
export function searchBigrams(text: string): string[] {
  const chars = [...toHalfWidth(text).toLowerCase().replace(/\s+/g, '')];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1]);
  return [...grams];
}
