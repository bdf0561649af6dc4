import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableBorders,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type ExcelJS from 'exceljs';
import { formatFen, formatYuan, type CompanyProfile, type DocumentLine, type DocumentTotalsDto, type QuoteExportFormat } from '@wesale/shared';
import type { AppContext } from '../../infra/http/context';
import { attachmentDisposition, newWorkbook, workbookBuffer, XLSX_CONTENT_TYPE } from '../imports/xlsx';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const QUOTE_FILE_TYPES: Record<QuoteExportFormat, string> = { xlsx: XLSX_CONTENT_TYPE, docx: DOCX_CONTENT_TYPE };

/** What a printed quote shows: the customer's view only (no cost, floor or margin ever reaches a file). */
export interface QuoteDocument {
  company: CompanyProfile;
  number: string;
  version: number;
  /** Shanghai calendar dates, YYYY-MM-DD. */
  date: string;
  validUntil: string;
  customerName: string;
  contactName: string | null;
  contactMobile: string | null;
  salesName: string | null;
  lines: DocumentLine[];
  totals: DocumentTotalsDto;
  terms: string;
  remarks: string | null;
}

export interface QuoteFile {
  buffer: Buffer;
  contentType: string;
  fileName: string;
  asciiFileName: string;
}

const TABLE_HEADERS = ['序号', '产品编码', '产品名称', '规格', '单位', '数量', '单价', '折扣', '金额', '税率', '税额'];
const SIGNATURES = ['报价方（盖章）：', '客户确认（签字盖章）：'];

const taxRate = (bp: number) => `${bp / 100}%`;

/** The table cells of a line, as text: money through the shared formatter, so files show the API's numbers. */
function lineCells(line: DocumentLine): string[] {
  return [
    String(line.lineNo),
    line.sku,
    line.productName,
    line.spec,
    line.unit,
    String(line.quantity),
    formatFen(line.unitPriceFen),
    formatFen(line.discountFen),
    formatFen(line.totalFen),
    taxRate(line.taxRateBp),
    formatFen(line.taxFen),
  ];
}

function headerLines(doc: QuoteDocument) {
  const { company } = doc;
  return {
    contact: [company.address && `地址：${company.address}`, company.phone && `电话：${company.phone}`].filter(Boolean).join('    '),
    bank: [company.taxId && `税号：${company.taxId}`, company.bankName && `开户行：${company.bankName}`, company.bankAccount && `账号：${company.bankAccount}`]
      .filter(Boolean)
      .join('    '),
  };
}

function infoPairs(doc: QuoteDocument): Array<[string, string]> {
  return [
    ['报价单号', `${doc.number} V${doc.version}`],
    ['报价日期', doc.date],
    ['有效期至', doc.validUntil],
    ['客户名称', doc.customerName],
    ['联系人', doc.contactName ?? ''],
    ['联系电话', doc.contactMobile ?? ''],
  ];
}

function amountLines(totals: DocumentTotalsDto): Array<[string, string]> {
  return [
    ['合计金额（大写）', totals.totalInWords],
    ['价税合计', formatYuan(totals.totalFen)],
    ['不含税金额', formatYuan(totals.netFen)],
    ['税额', formatYuan(totals.taxFen)],
  ];
}

const termLines = (terms: string) => terms.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);

// ---------------------------------------------------------------- Excel

const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FF000000' } };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0FE' } };
const COLUMN_WIDTHS = [6, 14, 26, 14, 6, 8, 12, 10, 14, 8, 12];
const LAST = TABLE_HEADERS.length;
const MONEY_COLUMNS = new Set([7, 8, 9, 11]);

export async function buildQuoteXlsx(doc: QuoteDocument): Promise<Buffer> {
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet('报价单', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true },
  });
  sheet.columns = COLUMN_WIDTHS.map((width) => ({ width }));
  let row = 0;
  const wide = (text: string, font: Partial<ExcelJS.Font>, alignment: Partial<ExcelJS.Alignment> = { horizontal: 'center' }) => {
    row++;
    sheet.mergeCells(row, 1, row, LAST);
    const cell = sheet.getCell(row, 1);
    cell.value = text;
    cell.font = font;
    cell.alignment = { vertical: 'middle', ...alignment };
    return cell;
  };

  const { contact, bank } = headerLines(doc);
  wide(doc.company.name, { bold: true, size: 16 });
  if (contact) wide(contact, { size: 10 });
  if (bank) wide(bank, { size: 10 });
  row++;
  wide('报价单', { bold: true, size: 20 });
  sheet.getRow(row).height = 30;
  row++;

  // Three label/value pairs per row: label in one column, value merged over the next two or three.
  const pairs = infoPairs(doc);
  const slots: Array<[number, number, number]> = [
    [1, 2, 4],
    [5, 6, 8],
    [9, 10, 11],
  ];
  for (let i = 0; i < pairs.length; i += 3) {
    row++;
    pairs.slice(i, i + 3).forEach(([labelText, value], j) => {
      const [labelColumn, from, to] = slots[j];
      sheet.getCell(row, labelColumn).value = `${labelText}：`;
      sheet.getCell(row, labelColumn).font = { bold: true };
      sheet.mergeCells(row, from, row, to);
      sheet.getCell(row, from).value = value;
    });
  }
  if (doc.salesName) {
    row++;
    sheet.getCell(row, 1).value = '销售代表：';
    sheet.getCell(row, 1).font = { bold: true };
    sheet.mergeCells(row, 2, row, 4);
    sheet.getCell(row, 2).value = doc.salesName;
  }
  row++;

  row++;
  TABLE_HEADERS.forEach((header, index) => {
    const cell = sheet.getCell(row, index + 1);
    cell.value = header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BOX;
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
  });
  for (const line of doc.lines) {
    row++;
    lineCells(line).forEach((text, index) => {
      const cell = sheet.getCell(row, index + 1);
      cell.value = text;
      cell.border = BOX;
      cell.alignment = { vertical: 'middle', wrapText: index === 2, horizontal: MONEY_COLUMNS.has(index + 1) || index === 5 ? 'right' : 'left' };
    });
  }
  row++;
  sheet.mergeCells(row, 1, row, 7);
  const totalsRow: Record<number, string> = {
    1: '合计',
    8: formatFen(doc.totals.discountFen),
    9: formatFen(doc.totals.totalFen),
    11: formatFen(doc.totals.taxFen),
  };
  for (let column = 1; column <= LAST; column++) {
    const cell = sheet.getCell(row, column);
    if (totalsRow[column] !== undefined) cell.value = totalsRow[column];
    cell.font = { bold: true };
    cell.border = BOX;
    cell.alignment = { horizontal: column === 1 ? 'center' : 'right' };
  }

  row++;
  for (const [labelText, value] of amountLines(doc.totals)) {
    row++;
    sheet.mergeCells(row, 1, row, 3);
    sheet.getCell(row, 1).value = `${labelText}：`;
    sheet.getCell(row, 1).font = { bold: true };
    sheet.mergeCells(row, 4, row, LAST);
    sheet.getCell(row, 4).value = value;
    sheet.getCell(row, 4).font = { bold: labelText.includes('大写') };
  }

  const terms = termLines(doc.terms);
  if (terms.length) {
    row++;
    wide('报价条款：', { bold: true }, { horizontal: 'left' });
    for (const term of terms) wide(term, {}, { horizontal: 'left', wrapText: true });
  }
  if (doc.remarks) {
    row++;
    wide(`备注：${doc.remarks}`, {}, { horizontal: 'left', wrapText: true });
  }

  row += 2;
  sheet.getCell(row, 1).value = SIGNATURES[0];
  sheet.getCell(row, 7).value = SIGNATURES[1];
  row += 2;
  sheet.getCell(row, 1).value = '日期：';
  sheet.getCell(row, 7).value = '日期：';
  return workbookBuffer(workbook);
}

// ---------------------------------------------------------------- Word

const FONT = { ascii: 'SimSun', hAnsi: 'SimSun', eastAsia: '宋体', cs: 'SimSun' };
const LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const GRID_BORDERS = { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE };
// Twips across an A4 landscape page less 2 cm margins on each side.
const DOCX_COLUMN_WIDTHS = [600, 1500, 3000, 1500, 700, 900, 1300, 1100, 1500, 800, 1300];

function text(value: string, options: { bold?: boolean; size?: number } = {}) {
  return new TextRun({ text: value, bold: options.bold, size: options.size, font: FONT });
}

function paragraph(value: string, options: { bold?: boolean; size?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; after?: number } = {}) {
  return new Paragraph({ alignment: options.align, spacing: { after: options.after ?? 60 }, children: [text(value, options)] });
}

function cell(value: string, options: { bold?: boolean; right?: boolean; span?: number; shaded?: boolean } = {}) {
  return new TableCell({
    columnSpan: options.span,
    verticalAlign: VerticalAlignTable.CENTER,
    shading: options.shaded ? { type: ShadingType.CLEAR, color: 'auto', fill: 'E8F0FE' } : undefined,
    margins: { left: 60, right: 60, top: 30, bottom: 30 },
    children: [new Paragraph({ alignment: options.right ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [text(value, { bold: options.bold, size: 18 })] })],
  });
}

export async function buildQuoteDocx(doc: QuoteDocument): Promise<Buffer> {
  const { contact, bank } = headerLines(doc);
  const moneyIndexes = new Set([5, 6, 7, 8, 10]);
  const linesTable = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: DOCX_COLUMN_WIDTHS,
    borders: GRID_BORDERS,
    rows: [
      new TableRow({ tableHeader: true, children: TABLE_HEADERS.map((header) => cell(header, { bold: true, shaded: true })) }),
      ...doc.lines.map((line) => new TableRow({ children: lineCells(line).map((value, index) => cell(value, { right: moneyIndexes.has(index) })) })),
      new TableRow({
        children: [
          cell('合计', { bold: true, span: 7 }),
          cell(formatFen(doc.totals.discountFen), { bold: true, right: true }),
          cell(formatFen(doc.totals.totalFen), { bold: true, right: true }),
          cell(''),
          cell(formatFen(doc.totals.taxFen), { bold: true, right: true }),
        ],
      }),
    ],
  });
  const pairs = infoPairs(doc);
  const infoTable = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: TableBorders.NONE,
    rows: [0, 3].map(
      (start) =>
        new TableRow({
          children: pairs.slice(start, start + 3).map(
            ([labelText, value]) =>
              new TableCell({ children: [new Paragraph({ children: [text(`${labelText}：`, { bold: true }), text(value)] })] }),
          ),
        }),
    ),
  });
  const signatureTable = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: TableBorders.NONE,
    rows: [
      new TableRow({ children: SIGNATURES.map((label) => new TableCell({ children: [paragraph(label, { after: 400 })] })) }),
      new TableRow({ children: SIGNATURES.map(() => new TableCell({ children: [paragraph('日期：')] })) }),
    ],
  });
  const terms = termLines(doc.terms);
  const document = new Document({
    creator: 'WeSale',
    title: `报价单 ${doc.number} V${doc.version}`,
    styles: { default: { document: { run: { font: FONT, size: 21 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { orientation: PageOrientation.LANDSCAPE },
            margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 },
          },
        },
        children: [
          paragraph(doc.company.name, { bold: true, size: 32, align: AlignmentType.CENTER }),
          ...(contact ? [paragraph(contact, { size: 18, align: AlignmentType.CENTER })] : []),
          ...(bank ? [paragraph(bank, { size: 18, align: AlignmentType.CENTER })] : []),
          paragraph('报价单', { bold: true, size: 40, align: AlignmentType.CENTER, after: 200 }),
          infoTable,
          ...(doc.salesName ? [new Paragraph({ children: [text('销售代表：', { bold: true }), text(doc.salesName)] })] : []),
          paragraph(''),
          linesTable,
          paragraph(''),
          ...amountLines(doc.totals).map(
            ([labelText, value]) => new Paragraph({ spacing: { after: 60 }, children: [text(`${labelText}：`, { bold: true }), text(value, { bold: labelText.includes('大写') })] }),
          ),
          ...(terms.length ? [paragraph('报价条款：', { bold: true }), ...terms.map((term) => paragraph(term))] : []),
          ...(doc.remarks ? [paragraph(`备注：${doc.remarks}`)] : []),
          paragraph(''),
          signatureTable,
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** Writes an exported file as the response of a `produces` route. */
export function sendFile(ctx: AppContext, file: QuoteFile) {
  ctx.status = 200;
  ctx.type = file.contentType;
  ctx.set('Content-Disposition', attachmentDisposition(file.fileName, file.asciiFileName));
  ctx.set('Cache-Control', 'no-store');
  ctx.body = file.buffer;
}
