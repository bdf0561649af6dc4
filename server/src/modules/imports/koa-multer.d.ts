// @koa/multer 4 and multer 2 ship without type declarations: the little of them the upload route uses.
declare module '@koa/multer' {
  import type { Middleware } from 'koa';

  interface UploadedFile {
    fieldname: string;
    originalname: string;
    mimetype: string;
    size: number;
    buffer: Buffer;
  }

  interface MulterOptions {
    storage?: unknown;
    limits?: { fileSize?: number; files?: number; fields?: number; parts?: number; fieldSize?: number };
    /** Charset of part header parameters (the file name) that do not declare one; multer's default is latin1. */
    defParamCharset?: string;
  }

  interface Multer {
    single(field: string): Middleware;
  }

  interface MulterFactory {
    (options?: MulterOptions): Multer;
    memoryStorage(): unknown;
  }

  const multer: MulterFactory;
  export = multer;
}
