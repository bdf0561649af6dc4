import type ExcelJS from 'exceljs';
import {
  CUSTOMER_VALUE_LEVEL_LABELS,
  LEAD_SOURCE_LABELS,
  customerCreateSchema,
  formatFen,
  parseYuanToFen,
  type CrmSettings,
  type CustomerCreate,
  type CustomerDto,
} from '@wesale/shared';
import { codeFromLabel, filled, labelOptions, parseWholeNumber, POOL_OWNER, RowIssues, splitTags } from './row-parsing';
import { shanghaiDateTime, type ColumnSpec, type SheetRow } from './xlsx';

const valueLevels = labelOptions(CUSTOMER_VALUE_LEVEL_LABELS);
const sources = labelOptions(LEAD_SOURCE_LABELS);

/** The template's columns: customerCreateSchema in Chinese, plus the owner by username. */
export function customerColumns(settings: CrmSettings): ColumnSpec[] {
  const grades = settings.customerGrades.map((grade) => grade.label);
  return [
    { key: 'name', header: '客户名称', required: true, width: 30, note: '必填，最多 120 字。名称或手机与已有客户、线索相同时按「查重策略」设置提示或禁止' },
    { key: 'grade', header: '客户等级', width: 12, note: `可选：${grades.join('、')}（也可填等级代码）；留空为「${grades[0]}」` },
    { key: 'region', header: '地区', note: '如：浙江杭州，最多 64 字' },
    { key: 'industry', header: '行业', note: '最多 64 字' },
    { key: 'source', header: '来源', note: `可选：${sources.map((s) => s.label).join('、')}；留空为「批量导入」` },
    { key: 'valueLevel', header: '客户价值', width: 12, note: `可选：${valueLevels.map((v) => v.label).join('、')}` },
    { key: 'qualification', header: '资质', width: 20, note: '营业执照、认证等说明，最多 500 字' },
    { key: 'mobile', header: '手机', width: 16, note: '11 位手机号，可带 +86、空格或横线' },
    { key: 'address', header: '地址', width: 30, note: '最多 200 字' },
    { key: 'creditLimit', header: '信用额度（元）', width: 16, note: '单位：元，最多两位小数，如 5000 或 12,345.67；留空为 0' },
    { key: 'paymentTermsDays', header: '账期（天）', width: 12, note: '0 到 365 的整数；留空为 0' },
    { key: 'tags', header: '标签', width: 20, note: '多个标签用逗号或顿号分隔，如：重点、华东；每个最多 32 字，最多 20 个' },
    { key: 'remarks', header: '备注', width: 30, note: '最多 2000 字' },
    { key: 'contactName', header: '联系人', note: '首要联系人姓名；填写联系人职务或手机时必填' },
    { key: 'contactTitle', header: '联系人职务' },
    { key: 'contactMobile', header: '联系人手机', width: 16, note: '11 位手机号' },
    {
      key: 'owner',
      header: '负责人（用户名）',
      width: 18,
      note: `员工的登录用户名。留空：由导入人负责；填「${POOL_OWNER}」：放入公海。只有管理员和经理可以指定他人（经理限本团队成员），销售导入的客户总由自己负责`,
    },
  ];
}

const PATH_TO_COLUMN: Record<string, string> = {
  creditLimitFen: 'creditLimit',
  'contact.name': 'contactName',
  'contact.title': 'contactTitle',
  'contact.mobile': 'contactMobile',
};

export type ParsedRow<I> = { ok: true; input: I; ownerCell: string } | { ok: false; reason: string };

/** One row → a CustomerCreate checked by the same schema as `POST /customers`, or the reasons it is not one. */
export function parseCustomerRow(row: SheetRow, settings: CrmSettings, columns: ColumnSpec[]): ParsedRow<CustomerCreate> {
  const cells = row.cells;
  const issues = new RowIssues(columns);
  const input: Record<string, unknown> = { name: cells.name ?? '', source: 'import' };
  if (!cells.name) issues.add('name', '必填');
  for (const key of ['region', 'industry', 'qualification', 'address', 'remarks', 'mobile'] as const) {
    if (cells[key]) input[key] = cells[key];
  }
  if (cells.grade) {
    const grade = codeFromLabel(cells.grade, settings.customerGrades);
    if (grade) input.grade = grade;
    else issues.add('grade', `「${cells.grade}」不存在，可选：${settings.customerGrades.map((g) => g.label).join('、')}`);
  }
  if (cells.source) {
    const source = codeFromLabel(cells.source, sources);
    if (source) input.source = source;
    else issues.add('source', `「${cells.source}」不是可选的来源，可选：${sources.map((s) => s.label).join('、')}`);
  }
  if (cells.valueLevel) {
    const level = codeFromLabel(cells.valueLevel, valueLevels);
    if (level) input.valueLevel = level;
    else issues.add('valueLevel', `「${cells.valueLevel}」不是可选值，可选：${valueLevels.map((v) => v.label).join('、')}`);
  }
  if (cells.creditLimit) {
    try {
      input.creditLimitFen = parseYuanToFen(cells.creditLimit);
    } catch {
      issues.add('creditLimit', `「${cells.creditLimit}」不是有效金额（单位元，最多两位小数）`);
    }
  }
  if (cells.paymentTermsDays) {
    const days = parseWholeNumber(cells.paymentTermsDays);
    if (days === undefined) issues.add('paymentTermsDays', `「${cells.paymentTermsDays}」不是整数天数`);
    else input.paymentTermsDays = days;
  }
  if (cells.tags) input.tags = splitTags(cells.tags);
  if (cells.contactName || cells.contactTitle || cells.contactMobile) {
    if (!cells.contactName) issues.add('contactName', '填写了联系人职务或手机，但没有填写联系人姓名');
    else input.contact = { name: cells.contactName, title: filled(cells.contactTitle), mobile: filled(cells.contactMobile) };
  }

  const parsed = customerCreateSchema.safeParse(input);
  if (!parsed.success) issues.addZod(parsed.error, (path) => PATH_TO_COLUMN[path] ?? path.split('.')[0]);
  if (!issues.empty || !parsed.success) return { ok: false, reason: issues.toString() };
  return { ok: true, input: parsed.data, ownerCell: cells.owner ?? '' };
}

export function customerExportColumns(settings: CrmSettings): ColumnSpec[] {
  return [
    ...customerColumns(settings).map(({ note: _note, required: _required, ...column }) => column),
    { key: 'ownerName', header: '负责人', width: 12 },
    { key: 'createdAt', header: '创建时间', width: 20 },
  ];
}

export interface CustomerExtras {
  contact?: { name: string; title: string | null; mobile: string | null };
  ownerUsername?: string;
}

/** One exported customer, in the export columns' order; money as yuan text with two decimals. */
export function customerExportRow(customer: CustomerDto, extras: CustomerExtras): ExcelJS.CellValue[] {
  return [
    customer.name,
    customer.gradeLabel,
    customer.region,
    customer.industry,
    LEAD_SOURCE_LABELS[customer.source] ?? customer.source,
    customer.valueLevel ? CUSTOMER_VALUE_LEVEL_LABELS[customer.valueLevel] : null,
    customer.qualification,
    customer.mobile,
    customer.address,
    formatFen(customer.creditLimitFen),
    customer.paymentTermsDays,
    customer.tags.join('、'),
    customer.remarks,
    extras.contact?.name ?? null,
    extras.contact?.title ?? null,
    extras.contact?.mobile ?? null,
    customer.ownerId ? (extras.ownerUsername ?? null) : POOL_OWNER,
    customer.ownerName ?? POOL_OWNER,
    shanghaiDateTime(customer.createdAt),
  ];
}
