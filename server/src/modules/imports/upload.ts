/// <reference path="./koa-multer.d.ts" />
import multer from '@koa/multer';
import { ErrorCode } from '@wesale/shared';
import { AppError, badRequest } from '../../infra/errors';
import type { AppContext } from '../../infra/http/context';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12 },
  // Browsers and fetch send a Chinese file name as raw UTF-8 in filename="…".
  defParamCharset: 'utf8',
}).single('file');

const notXlsx = () => new AppError(415, ErrorCode.UnsupportedMediaType, '只支持 .xlsx 格式的 Excel 文件（.xls 请先另存为 .xlsx，或下载导入模板填写）');

/**
 * Reads the one spreadsheet of a `multipart/form-data` upload (form field `file`) into memory.
 * The JSON body parser leaves multipart requests alone, so the route handler parses them here.
 */
export async function readXlsxUpload(ctx: AppContext): Promise<{ buffer: Buffer; fileName: string }> {
  if (!ctx.is('multipart')) {
    throw new AppError(415, ErrorCode.UnsupportedMediaType, '请以 multipart/form-data 上传文件（表单字段 file）');
  }
  try {
    await upload(ctx, async () => undefined);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'LIMIT_FILE_SIZE') throw new AppError(413, ErrorCode.PayloadTooLarge, `文件过大：最大 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
    if (code?.startsWith('LIMIT_')) throw badRequest('请只上传一个文件，表单字段名为 file', { multer: code });
    throw badRequest('上传的表单无法解析，请重新上传');
  }
  const file = (ctx as AppContext & { file?: { originalname: string; buffer: Buffer } }).file;
  if (!file) throw badRequest('请选择要上传的文件（表单字段 file）');
  // An .xlsx is a zip archive: check the extension and the zip signature, not the browser's guess at a MIME type.
  if (!/\.xlsx$/i.test(file.originalname) || file.buffer.length < 4 || file.buffer.readUInt32LE(0) !== 0x04034b50) throw notXlsx();
  return { buffer: file.buffer, fileName: file.originalname.slice(0, 200) };
}
