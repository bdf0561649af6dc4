import { z } from 'zod';
import { IMPORT_KINDS, IMPORT_ROW_STATUSES, IMPORT_STATUSES, type ImportRowStatus, type ImportStatus } from '../enums';
import { idSchema } from './common';
import { customerListQuerySchema } from './customers';
import { leadListQuerySchema } from './leads';

export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  queued: '排队中',
  running: '导入中',
  completed: '已完成',
  failed: '已中断',
};

export const IMPORT_ROW_STATUS_LABELS: Record<ImportRowStatus, string> = {
  imported: '已导入',
  duplicate_warning: '已导入（疑似重复）',
  skipped_duplicate: '重复，未导入',
  invalid: '数据有误，未导入',
};

/** An Excel import job: `processed` of `total` rows so far; `imported` counts rows saved (duplicate warnings included). */
export const importJobSchema = z.object({
  id: idSchema,
  kind: z.enum(IMPORT_KINDS),
  status: z.enum(IMPORT_STATUSES),
  fileName: z.string(),
  total: z.number().int(),
  processed: z.number().int(),
  imported: z.number().int(),
  failed: z.number().int().describe('rows not imported: invalid or skipped as duplicates'),
  rowCounts: z.object({
    imported: z.number().int(),
    duplicateWarning: z.number().int(),
    skippedDuplicate: z.number().int(),
    invalid: z.number().int(),
  }),
  error: z.string().nullable().describe('why the job stopped, when status is failed'),
  createdBy: idSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ImportJobDto = z.infer<typeof importJobSchema>;

export const importAcceptedSchema = z.object({ job: importJobSchema });

export const importReportRowSchema = z.object({
  rowNumber: z.number().int().describe('the row in the uploaded sheet (the header is row 1)'),
  status: z.enum(IMPORT_ROW_STATUSES),
  statusLabel: z.string(),
  reason: z.string().nullable(),
  recordId: idSchema.nullable().describe('the customer or lead created from the row'),
});
export type ImportReportRow = z.infer<typeof importReportRowSchema>;

export const importReportQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
  status: z.enum(IMPORT_ROW_STATUSES).optional(),
});
export type ImportReportQuery = z.infer<typeof importReportQuerySchema>;

/** Exports take the list's filters, without paging: the whole filtered list the caller may see. */
export const customerExportQuerySchema = customerListQuerySchema.omit({ limit: true, cursor: true });
export type CustomerExportQuery = z.infer<typeof customerExportQuerySchema>;
export const leadExportQuerySchema = leadListQuerySchema.omit({ limit: true, cursor: true });
export type LeadExportQuery = z.infer<typeof leadExportQuerySchema>;
