import ExcelJS from 'exceljs';
import { toHalfWidth } from '@wesale/shared';
import { badRequest } from '../../infra/errors';
import type { AppContext } from '../../infra/http/context';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const INSTRUCTIONS_SHEET = '说明';

/** A spreadsheet column: the header people see and the key the code uses. */
export interface ColumnSpec {
  key: string;
  header: string;
  required?: boolean;
  width?: number;
  /** What to fill in: shown in the 说明 sheet and as the header cell's comment. */
  note?: string;
}

export interface SheetRow {
  /** The row number in the sheet as Excel shows it (the header is row 1). */
  rowNumber: number;
  cells: Record<string, string>;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0FE' } };

/** Header text compared loosely: 「信用额度(元)」, 「信用额度（元）」 and 「 信用额度（元）* 」 are the same column. */
export function headerKey(text: string): string {
  return toHalfWidth(text).replace(/[\s*＊]/g, '');
}

/** A cell as the text a person typed: numbers without float noise, rich text and formulas by their shown text. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return shanghaiDateTime(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('').trim();
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('hyperlink' in value) return cellText((value as ExcelJS.CellHyperlinkValue).text as ExcelJS.CellValue);
  return '';
}

/**
 * Reads the data sheet of an uploaded workbook: row 1 is the header, matched to `columns` by its text, so
 * columns may come in any order and unknown ones (e.g. an export's 创建时间) are ignored. Blank rows are skipped.
 */
export async function readSheet(buffer: Buffer, columns: ColumnSpec[], maxRows: number): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own Buffer type; a Node Buffer is what it reads at runtime.
    await workbook.xlsx.load(buffer as never);
  } catch {
    throw badRequest('无法读取该文件：请上传 .xlsx 格式的 Excel 表格（可先下载导入模板）');
  }
  const sheet = workbook.worksheets.find((ws) => ws.name !== INSTRUCTIONS_SHEET && ws.state !== 'hidden') ?? workbook.worksheets[0];
  if (!sheet) throw badRequest('文件中没有工作表');

  const byHeader = new Map(columns.map((column) => [headerKey(column.header), column.key]));
  const keyOfColumn = new Map<number, string>();
  sheet.getRow(1).eachCell((cell, columnNumber) => {
    const key = byHeader.get(headerKey(cellText(cell.value)));
    if (key && ![...keyOfColumn.values()].includes(key)) keyOfColumn.set(columnNumber, key);
  });
  const present = new Set(keyOfColumn.values());
  const missing = columns.filter((column) => column.required && !present.has(column.key));
  if (missing.length) {
    throw badRequest(`表头缺少必填列「${missing.map((c) => c.header).join('」「')}」：第一行须为表头，请使用导入模板`, {
      missing: missing.map((c) => c.header),
    });
  }

  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Record<string, string> = {};
    let filled = false;
    for (const [columnNumber, key] of keyOfColumn) {
      const text = cellText(row.getCell(columnNumber).value);
      cells[key] = text;
      if (text) filled = true;
    }
    if (filled) rows.push({ rowNumber, cells });
  });
  if (rows.length === 0) throw badRequest('文件中没有数据：请从第 2 行开始填写，每行一条');
  if (rows.length > maxRows) throw badRequest(`单个文件最多导入 ${maxRows} 行，当前有 ${rows.length} 行，请拆分后分批导入`);
  return rows;
}

/** A sheet with a bold, frozen header row; `rows` are plain values in column order. */
export function addTableSheet(workbook: ExcelJS.Workbook, name: string, columns: ColumnSpec[], rows: Iterable<ExcelJS.CellValue[]> = []) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({
    header: column.required ? `${column.header}*` : column.header,
    key: column.key,
    width: column.width ?? Math.max(10, column.header.length * 2 + 4),
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell, columnNumber) => {
    cell.fill = HEADER_FILL;
    if (columns[columnNumber - 1]?.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
  });
  for (const row of rows) sheet.addRow(row);
  return sheet;
}

/** The 说明 sheet: general notes, then one line per column with whether it is required and what to fill in. */
export function addInstructionsSheet(workbook: ExcelJS.Workbook, notes: string[], columns: ColumnSpec[]) {
  const sheet = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  sheet.columns = [{ width: 22 }, { width: 10 }, { width: 90 }];
  for (const note of notes) sheet.addRow([note]).getCell(1).alignment = { wrapText: false };
  sheet.addRow([]);
  const header = sheet.addRow(['列名', '是否必填', '填写说明']);
  header.font = { bold: true };
  header.eachCell((cell) => (cell.fill = HEADER_FILL));
  for (const column of columns) {
    const row = sheet.addRow([column.header, column.required ? '必填' : '选填', column.note ?? '']);
    row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
  }
  return sheet;
}

/** A drop-down of allowed values on a column's first `rows` data cells (typing other text is still checked on import). */
export function addListValidation(sheet: ExcelJS.Worksheet, columnNumber: number, values: string[], rows = 1000) {
  const list = `"${values.join(',')}"`;
  // Excel limits an inline list to 255 characters; a longer one is left to the import's own check.
  if (list.length > 255) return;
  for (let row = 2; row <= rows + 1; row++) {
    sheet.getCell(row, columnNumber).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [list],
      showErrorMessage: true,
      errorStyle: 'warning',
      error: `可选：${values.join('、')}`,
    };
  }
}

export async function workbookBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return (await workbook.xlsx.writeBuffer()) as unknown as Buffer;
}

export function newWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'WeSale';
  workbook.created = new Date();
  return workbook;
}

// China has had no daylight saving time since 1991: Asia/Shanghai is UTC+8 all year.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** 2026-03-01 09:30:00, as the UI shows times (stored in UTC). */
export function shanghaiDateTime(date: Date | string): string {
  return new Date(new Date(date).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** `attachment` with an ASCII fallback name and the real (Chinese) one per RFC 5987/6266. */
export function attachmentDisposition(fileName: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}

/** Writes a workbook as the response of a `produces` route. */
export function sendXlsx(ctx: AppContext, buffer: Buffer, fileName: string, asciiFallback: string) {
  ctx.status = 200;
  ctx.type = XLSX_CONTENT_TYPE;
  ctx.set('Content-Disposition', attachmentDisposition(fileName, asciiFallback));
  ctx.set('Cache-Control', 'no-store');
  ctx.body = buffer;
}
