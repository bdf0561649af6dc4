import {
  customerExportQuerySchema,
  idParamsSchema,
  importAcceptedSchema,
  importJobSchema,
  importReportQuerySchema,
  importReportRowSchema,
  leadExportQuerySchema,
  pageSchema,
  shanghaiDateStamp,
} from '@wesale/shared';
import { staffOnly } from '../../infra/auth';
import { defineRoute } from '../../infra/http/route';
import type { ExportsService } from './exports.service';
import type { ImportsService } from './imports.service';
import { readXlsxUpload } from './upload';
import { sendXlsx, XLSX_CONTENT_TYPE } from './xlsx';

// Finance and warehouse may read customers, but importing and exporting is for the sales roles.
const importers = staffOnly('admin', 'manager', 'rep');

const UPLOAD_NOTE = '上传 .xlsx：multipart/form-data，表单字段 file，最大 10 MB。立即返回 202 与导入任务，后台逐行校验、查重、分批保存；用 GET /imports/:id 查看进度';

/**
 * Excel import and export routes. They sit under /customers and /leads, so app.ts must register them
 * before customerRoutes and leadRoutes — otherwise `/customers/:id` answers `/customers/export` with a 400.
 */
export function importRoutes(imports: ImportsService, exporter: ExportsService) {
  return [
    defineRoute({
      method: 'get',
      path: '/customers/import-template',
      summary: '下载客户导入模板（.xlsx，含「说明」工作表）',
      tag: 'imports',
      access: importers,
      produces: XLSX_CONTENT_TYPE,
      handler: async ({ ctx }) => sendXlsx(ctx, await imports.template('customers'), '客户导入模板.xlsx', 'customer-import-template.xlsx'),
    }),
    defineRoute({
      method: 'post',
      path: '/customers/import',
      summary: `导入客户。${UPLOAD_NOTE}`,
      tag: 'imports',
      access: importers,
      status: 202,
      response: importAcceptedSchema,
      handler: async ({ ctx, actor }) => ({ job: await imports.startImport(actor, 'customers', await readXlsxUpload(ctx)) }),
    }),
    defineRoute({
      method: 'get',
      path: '/customers/export',
      summary: '导出客户（.xlsx）：与客户列表相同的筛选条件，只含调用者可见的客户',
      tag: 'imports',
      access: importers,
      query: customerExportQuerySchema,
      produces: XLSX_CONTENT_TYPE,
      handler: async ({ ctx, actor, query }) => {
        const stamp = shanghaiDateStamp();
        sendXlsx(ctx, await exporter.customers(actor, query), `客户导出-${stamp}.xlsx`, `customers-${stamp}.xlsx`);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/leads/import-template',
      summary: '下载线索导入模板（.xlsx，含「说明」工作表）',
      tag: 'imports',
      access: importers,
      produces: XLSX_CONTENT_TYPE,
      handler: async ({ ctx }) => sendXlsx(ctx, await imports.template('leads'), '线索导入模板.xlsx', 'lead-import-template.xlsx'),
    }),
    defineRoute({
      method: 'post',
      path: '/leads/import',
      summary: `导入线索。${UPLOAD_NOTE}`,
      tag: 'imports',
      access: importers,
      status: 202,
      response: importAcceptedSchema,
      handler: async ({ ctx, actor }) => ({ job: await imports.startImport(actor, 'leads', await readXlsxUpload(ctx)) }),
    }),
    defineRoute({
      method: 'get',
      path: '/leads/export',
      summary: '导出线索（.xlsx）：与线索列表相同的筛选条件，只含调用者可见的线索',
      tag: 'imports',
      access: importers,
      query: leadExportQuerySchema,
      produces: XLSX_CONTENT_TYPE,
      handler: async ({ ctx, actor, query }) => {
        const stamp = shanghaiDateStamp();
        sendXlsx(ctx, await exporter.leads(actor, query), `线索导出-${stamp}.xlsx`, `leads-${stamp}.xlsx`);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/imports/:id',
      summary: '导入任务进度（processed/total）与结果；只有发起人和管理员可见',
      tag: 'imports',
      access: importers,
      params: idParamsSchema,
      response: importJobSchema,
      handler: ({ actor, params }) => imports.getJob(actor, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/imports/:id/report',
      summary: '导入报告：逐行的状态与原因（按行号，可按状态筛选）',
      tag: 'imports',
      access: importers,
      params: idParamsSchema,
      query: importReportQuerySchema,
      response: pageSchema(importReportRowSchema),
      handler: ({ actor, params, query }) => imports.report(actor, params.id, query),
    }),
    defineRoute({
      method: 'get',
      path: '/imports/:id/report.xlsx',
      summary: '下载导入报告（.xlsx：行号、状态、原因、记录ID）',
      tag: 'imports',
      access: importers,
      params: idParamsSchema,
      produces: XLSX_CONTENT_TYPE,
      handler: async ({ ctx, actor, params }) => {
        const { job, buffer } = await imports.reportWorkbook(actor, params.id);
        const kind = job.kind === 'customers' ? '客户' : '线索';
        sendXlsx(ctx, buffer, `${kind}导入报告-${job.id}.xlsx`, `import-report-${job.id}.xlsx`);
      },
    }),
  ];
}
