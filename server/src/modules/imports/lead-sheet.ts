import type ExcelJS from 'exceljs';
import { LEAD_SOURCE_LABELS, LEAD_STATUS_LABELS, leadCreateSchema, type Lead, type LeadCreate } from '@wesale/shared';
import type { ParsedRow } from './customer-sheet';
import { codeFromLabel, labelOptions, POOL_OWNER, RowIssues } from './row-parsing';
import { shanghaiDateTime, type ColumnSpec, type SheetRow } from './xlsx';

const sources = labelOptions(LEAD_SOURCE_LABELS);

export const LEAD_COLUMNS: ColumnSpec[] = [
  { key: 'name', header: '姓名', required: true, width: 14, note: '必填，最多 64 字' },
  { key: 'company', header: '公司', width: 30, note: '最多 120 字。公司名或手机与已有客户、线索相同时按「查重策略」设置提示或禁止' },
  { key: 'mobile', header: '手机', width: 16, note: '11 位手机号，可带 +86、空格或横线' },
  { key: 'source', header: '来源', width: 12, note: `可选：${sources.map((s) => s.label).join('、')}；留空为「批量导入」` },
  { key: 'notes', header: '备注', width: 30, note: '最多 2000 字' },
  {
    key: 'owner',
    header: '负责人（用户名）',
    width: 18,
    note: `员工的登录用户名。留空：由导入人负责；填「${POOL_OWNER}」：不分配，等待领取。只有管理员和经理可以指定他人（经理限本团队成员），销售导入的线索总由自己负责`,
  },
];

/** One row → a LeadCreate checked by the same schema as `POST /leads`, or the reasons it is not one. */
export function parseLeadRow(row: SheetRow): ParsedRow<LeadCreate> {
  const cells = row.cells;
  const issues = new RowIssues(LEAD_COLUMNS);
  const input: Record<string, unknown> = { name: cells.name ?? '', source: 'import' };
  if (!cells.name) issues.add('name', '必填');
  for (const key of ['company', 'mobile', 'notes'] as const) if (cells[key]) input[key] = cells[key];
  if (cells.source) {
    const source = codeFromLabel(cells.source, sources);
    if (source) input.source = source;
    else issues.add('source', `「${cells.source}」不是可选的来源，可选：${sources.map((s) => s.label).join('、')}`);
  }
  const parsed = leadCreateSchema.safeParse(input);
  if (!parsed.success) issues.addZod(parsed.error, (path) => path.split('.')[0]);
  if (!issues.empty || !parsed.success) return { ok: false, reason: issues.toString() };
  return { ok: true, input: parsed.data, ownerCell: cells.owner ?? '' };
}

export const LEAD_EXPORT_COLUMNS: ColumnSpec[] = [
  ...LEAD_COLUMNS.map(({ note: _note, required: _required, ...column }) => column),
  { key: 'status', header: '状态', width: 10 },
  { key: 'ownerName', header: '负责人', width: 12 },
  { key: 'createdAt', header: '创建时间', width: 20 },
];

export function leadExportRow(lead: Lead, ownerUsername: string | undefined): ExcelJS.CellValue[] {
  return [
    lead.name,
    lead.company,
    lead.mobile,
    LEAD_SOURCE_LABELS[lead.source] ?? lead.source,
    lead.notes,
    lead.ownerId ? (ownerUsername ?? null) : POOL_OWNER,
    LEAD_STATUS_LABELS[lead.status] ?? lead.status,
    lead.ownerName ?? POOL_OWNER,
    shanghaiDateTime(lead.createdAt),
  ];
}
