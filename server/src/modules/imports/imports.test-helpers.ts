import ExcelJS from 'exceljs';
import type { ApiClient } from '../../testing/http';
import { cellText } from './xlsx';

/** An .xlsx in memory: a header row and data rows (null leaves a cell empty, [] a blank row). */
export async function buildXlsx(headers: string[], rows: ExcelJS.CellValue[][], sheetName = '客户导入'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return (await workbook.xlsx.writeBuffer()) as unknown as Buffer;
}

/** Every sheet of a workbook as rows of cell text (trailing empty cells dropped). */
export async function readXlsx(buffer: ArrayBuffer | Buffer): Promise<Record<string, string[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as never);
  const sheets: Record<string, string[][]> = {};
  for (const sheet of workbook.worksheets) {
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      for (let column = 1; column <= row.cellCount; column++) cells.push(cellText(row.getCell(column).value));
      while (cells.length && cells[cells.length - 1] === '') cells.pop();
      rows.push(cells);
    });
    sheets[sheet.name] = rows;
  }
  return sheets;
}

/** A multipart upload as a browser sends it: form field `file` (or another name). */
export async function uploadFile(baseUrl: string, path: string, token: string, content: Buffer | string, fileName: string, field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), fileName);
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  const text = await response.text();
  return { status: response.status, body: text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
}

export async function download(baseUrl: string, path: string, token: string) {
  const response = await fetch(`${baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const buffer = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, buffer };
}

/** Polls the job until it has finished: a bounded number of polls, then a hard failure (never a timed assertion). */
export async function waitForJob(api: ApiClient, jobId: string, token: string, maxPolls = 600) {
  for (let poll = 0; poll < maxPolls; poll++) {
    const response = await api.get(`/api/v1/imports/${jobId}`, { token });
    if (response.status !== 200) throw new Error(`GET /imports/${jobId} answered ${response.status}: ${JSON.stringify(response.body)}`);
    if (response.body.status === 'completed' || response.body.status === 'failed') return response.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`import job ${jobId} did not finish within ${maxPolls} polls`);
}

/** The whole JSON report, page by page. */
export async function fullReport(api: ApiClient, jobId: string, token: string, limit = 500) {
  const rows: Array<{ rowNumber: number; status: string; statusLabel: string; reason: string | null; recordId: string | null }> = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const response: { status: number; body: { data: typeof rows; nextCursor: string | null } } = await api.get(`/api/v1/imports/${jobId}/report?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { token });
    if (response.status !== 200) throw new Error(`report answered ${response.status}`);
    rows.push(...response.body.data);
    cursor = response.body.nextCursor;
    if (!cursor) return rows;
  }
  throw new Error('report paging did not end');
}
