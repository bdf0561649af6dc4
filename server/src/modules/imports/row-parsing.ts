import { toHalfWidth } from '@wesale/shared';
import type { z } from 'zod';
import type { ColumnSpec } from './xlsx';

/** 「负责人（用户名）」 value that puts a record into the public pool instead of someone's hands. */
export const POOL_OWNER = '公海';

/**
 * Problems of one row, one message per column (the first found wins), in the words the report shows:
 * 「手机：手机号格式不正确；信用额度（元）：金额不能为负数」.
 */
export class RowIssues {
  private readonly byColumn = new Map<string, string>();

  constructor(private readonly columns: ColumnSpec[]) {}

  add(columnKey: string, message: string) {
    if (!this.byColumn.has(columnKey)) this.byColumn.set(columnKey, message);
  }

  /** Maps a zod error onto the columns: `pathToColumn` turns an issue's path (e.g. `contact.mobile`) into a column key. */
  addZod(error: z.ZodError, pathToColumn: (path: string) => string) {
    for (const issue of error.issues) this.add(pathToColumn(issue.path.map(String).join('.')), friendlyMessage(issue));
  }

  get empty() {
    return this.byColumn.size === 0;
  }

  toString() {
    const headers = new Map(this.columns.map((column) => [column.key, column.header]));
    return [...this.byColumn].map(([key, message]) => (headers.has(key) ? `${headers.get(key)}：${message}` : message)).join('；');
  }
}

/**
 * Length and range issues in plain words: zod's generic zh-CN wording reads 「数值过大：期望 string <=120 字符」
 * (it always says 期望); a schema's own message (「金额不能为负数」) is kept as it is.
 */
function friendlyMessage(issue: z.core.$ZodIssue): string {
  if (!issue.message.includes('期望')) return issue.message;
  if (issue.code === 'too_big') {
    const max = Number(issue.maximum);
    if (issue.origin === 'string') return `最多 ${max} 个字`;
    if (issue.origin === 'array') return `最多 ${max} 个`;
    return `不能大于 ${max}`;
  }
  if (issue.code === 'too_small') {
    const min = Number(issue.minimum);
    if (issue.origin === 'string') return min <= 1 ? '不能为空' : `至少 ${min} 个字`;
    if (issue.origin === 'array') return `至少 ${min} 个`;
    return min === 0 ? '不能为负数' : `不能小于 ${min}`;
  }
  return issue.message;
}

/** Finds a code from its label or the code itself (「优质客户」 or 「premium」); undefined when neither. */
export function codeFromLabel<C extends string>(text: string, options: Array<{ code: C; label: string }>): C | undefined {
  const wanted = toHalfWidth(text).trim().toLowerCase();
  return options.find((option) => option.label === text.trim() || option.code.toLowerCase() === wanted)?.code;
}

export function labelOptions<C extends string>(labels: Record<C, string>): Array<{ code: C; label: string }> {
  return (Object.entries(labels) as Array<[C, string]>).map(([code, label]) => ({ code, label }));
}

/** 「重点,华东、茶叶；大客户」 → ['重点', '华东', '茶叶', '大客户'] (comma, 顿号 or semicolon, either width). */
export function splitTags(text: string): string[] {
  return [...new Set(text.split(/[,，、;；]/).map((tag) => tag.trim()).filter(Boolean))];
}

/** A whole number of days typed as text (「30」, 「30.0」 from a numeric cell); undefined when it is not one. */
export function parseWholeNumber(text: string): number | undefined {
  const match = /^(\d{1,6})(?:\.0+)?$/.exec(toHalfWidth(text).trim());
  return match ? Number(match[1]) : undefined;
}

/** The cells that are filled, so an empty cell means "not given" to the schema (its default applies). */
export function filled(text: string | undefined): string | undefined {
  return text ? text : undefined;
}
