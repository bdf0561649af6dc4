import { In, type DataSource, type EntityManager } from 'typeorm';
import {
  CUSTOMER_VALUE_LEVEL_LABELS,
  IMPORT_ROW_STATUS_LABELS,
  LEAD_SOURCE_LABELS,
  normalizeCompanyName,
  type CrmSettings,
  type CustomerCreate,
  type DuplicateMatch,
  type DuplicatePolicy,
  type ImportJobDto,
  type ImportKind,
  type ImportReportQuery,
  type ImportReportRow,
  type ImportRowStatus,
  type LeadCreate,
  type Page,
} from '@wesale/shared';
import type { Actor, StaffActor } from '../../infra/actor';
import { inTransaction } from '../../infra/db';
import { forbidden, notFound } from '../../infra/errors';
import type { Logger } from '../../infra/logger';
import { decodeCursor, encodeCursor } from '../../infra/pagination';
import type { CustomersService } from '../customers/customers.service';
import { TimelineEvent } from '../customers/timeline-event.entity';
import { User } from '../identity/user.entity';
import type { StaffSummary, UsersService } from '../identity/users.service';
import type { LeadsService } from '../leads/leads.service';
import type { SettingsService } from '../settings/settings.service';
import { customerColumns, parseCustomerRow, type ParsedRow } from './customer-sheet';
import { ExistingDuplicates, type DuplicateKeys } from './existing-duplicates';
import { ImportJob } from './import-job.entity';
import { ImportJobRow } from './import-job-row.entity';
import { LEAD_COLUMNS, parseLeadRow } from './lead-sheet';
import { POOL_OWNER } from './row-parsing';
import { MAX_UPLOAD_BYTES } from './upload';
import {
  addInstructionsSheet,
  addListValidation,
  addTableSheet,
  newWorkbook,
  readSheet,
  workbookBuffer,
  type ColumnSpec,
  type SheetRow,
} from './xlsx';

export const MAX_IMPORT_ROWS = 50_000;
/** Rows per transaction: progress moves in these steps, and on SQLite other writers get their turn in between. */
export const IMPORT_BATCH_SIZE = 500;
/**
 * A queued or running job that has not moved for this long was cut off (the process stopped mid-import; the
 * upload lived only in its memory). It is reported as failed when next read — any instance can tell, so this
 * works with N instances and needs nothing at start-up. A live job updates its row after every batch.
 */
const STALE_AFTER_MS = 10 * 60 * 1000;

type Owner = StaffSummary | null;

/** A row as decided before any write: invalid (and why), or its input, owner, keys and the earlier rows it repeats. */
interface PlannedRow<I> {
  rowNumber: number;
  invalid: string | null;
  input?: I;
  owner?: Owner;
  keys?: DuplicateKeys;
  /** Earlier rows of the file with the same name or mobile: row number → 名称 / 手机号. */
  sameAs?: Map<number, string[]>;
}

interface RowOutcome {
  rowNumber: number;
  status: ImportRowStatus;
  reason: string | null;
  recordId: string | null;
}

/** What differs between importing customers and leads. */
interface ImportKindSpec<I> {
  label: string;
  entity: 'customer' | 'lead';
  columns(settings: CrmSettings): ColumnSpec[];
  parse(row: SheetRow, settings: CrmSettings, columns: ColumnSpec[]): ParsedRow<I>;
  keys(input: I): DuplicateKeys;
  /** Inserts the rows of one batch inside its transaction and returns their ids, in order. */
  insert(em: EntityManager, staff: StaffActor, rows: Array<{ input: I; owner: Owner }>, jobId: string): Promise<string[]>;
}

function asStaff(actor: Actor): StaffActor {
  if (actor.kind !== 'staff') throw forbidden();
  return actor;
}

function toJobDto(job: ImportJob, counts: Partial<Record<ImportRowStatus, number>>): ImportJobDto {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    fileName: job.fileName,
    total: job.total,
    processed: job.processed,
    imported: job.imported,
    failed: job.failed,
    rowCounts: {
      imported: counts.imported ?? 0,
      duplicateWarning: counts.duplicate_warning ?? 0,
      skippedDuplicate: counts.skipped_duplicate ?? 0,
      invalid: counts.invalid ?? 0,
    },
    error: job.error,
    createdBy: job.createdBy,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}

async function insertMany(em: EntityManager, target: typeof TimelineEvent | typeof ImportJobRow, values: object[]) {
  // updateEntity(false): these ids are not needed, so no read-back SELECT after the multi-row INSERT.
  if (values.length) await em.createQueryBuilder().insert().into(target).values(values).updateEntity(false).execute();
}

export interface ImportsDeps {
  users: UsersService;
  settings: SettingsService;
  customers: CustomersService;
  leads: LeadsService;
  logger: Logger;
}

/**
 * Excel imports of customers and leads: templates, an upload that becomes a background job (validated row by
 * row with the API's own schemas, checked for duplicates, saved in batches), its progress and per-row report.
 */
export class ImportsService {
  private readonly specs: { customers: ImportKindSpec<CustomerCreate>; leads: ImportKindSpec<LeadCreate> };
  /** Jobs this process is working on (never reported stale, however slow). */
  private readonly active = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly deps: ImportsDeps,
  ) {
    this.specs = {
      customers: {
        label: '客户',
        entity: 'customer',
        columns: customerColumns,
        parse: parseCustomerRow,
        keys: (input) => ({ name: normalizeCompanyName(input.name) || null, mobile: input.mobile ?? null }),
        insert: async (em, staff, rows, jobId) => {
          const ids: string[] = [];
          for (const { input, owner } of rows) ids.push(await deps.customers.insertCustomer(em, staff, input, owner));
          await insertMany(
            em,
            TimelineEvent,
            rows.map(({ owner }, i) => ({
              customerId: ids[i],
              kind: 'created',
              actorId: staff.id,
              summary: owner ? `批量导入创建客户，负责人：${owner.displayName}` : '批量导入创建客户，放入公海',
              data: { importJobId: jobId },
            })),
          );
          return ids;
        },
      },
      leads: {
        label: '线索',
        entity: 'lead',
        columns: () => LEAD_COLUMNS,
        parse: (row) => parseLeadRow(row),
        keys: (input) => ({ name: input.company ? normalizeCompanyName(input.company) || null : null, mobile: input.mobile ?? null }),
        insert: async (em, _staff, rows) => {
          const ids: string[] = [];
          for (const { input, owner } of rows) ids.push(await deps.leads.insertLead(em, owner?.id ?? null, input));
          return ids;
        },
      },
    };
  }

  async template(kind: ImportKind): Promise<Buffer> {
    const settings = await this.deps.settings.crm();
    const spec = this.specs[kind];
    const columns = spec.columns(settings);
    const workbook = newWorkbook();
    const sheet = addTableSheet(workbook, `${spec.label}导入`, columns);
    const dropDowns: Record<string, string[]> = {
      grade: settings.customerGrades.map((g) => g.label),
      source: Object.values(LEAD_SOURCE_LABELS),
      valueLevel: Object.values(CUSTOMER_VALUE_LEVEL_LABELS),
    };
    columns.forEach((column, index) => {
      if (dropDowns[column.key]) addListValidation(sheet, index + 1, dropDowns[column.key]);
    });
    const policy = settings.customerDuplicatePolicy === 'forbid' ? '禁止（跳过重复的行）' : '提示（照常导入，报告中标注）';
    addInstructionsSheet(
      workbook,
      [
        `${spec.label}导入模板`,
        `第一行是表头，请勿修改；从第 2 行开始每行填写一条${spec.label}。带 * 的列必填，其余可留空；列的顺序可以调整，多余的列会被忽略。`,
        `单个文件最多 ${MAX_IMPORT_ROWS} 行、不超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB，只支持 .xlsx。导入在后台进行，完成后可下载逐行的导入报告（行号、状态、原因）。`,
        `查重：名称（忽略「有限公司」等后缀、括号内的分支机构、全角半角与空格）或手机号与系统中的客户、线索或本文件前面的行相同时，按查重策略处理。当前策略：${policy}。`,
        '看不到的重复记录只显示打码的负责人（如 李**）。',
      ],
      columns,
    );
    return workbookBuffer(workbook);
  }

  /** Reads the upload (a bad file is a 400 here, before any job exists), records the job and starts it in the background. */
  async startImport(actor: Actor, kind: ImportKind, upload: { buffer: Buffer; fileName: string }): Promise<ImportJobDto> {
    const staff = asStaff(actor);
    if (!['admin', 'manager', 'rep'].includes(staff.role)) throw forbidden('您的角色不能导入');
    const settings = await this.deps.settings.crm();
    const rows = await readSheet(upload.buffer, this.specs[kind].columns(settings), MAX_IMPORT_ROWS);
    const jobId = await inTransaction(this.dataSource, async (em) => {
      const { identifiers } = await em.insert(ImportJob, { kind, status: 'queued', fileName: upload.fileName, total: rows.length, createdBy: staff.id });
      return String(identifiers[0].id);
    });
    this.active.add(jobId);
    setImmediate(() => {
      const work = kind === 'customers' ? this.run(jobId, staff, this.specs.customers, rows) : this.run(jobId, staff, this.specs.leads, rows);
      void work.finally(() => this.active.delete(jobId));
    });
    return this.getJob(actor, jobId);
  }

  private async run<I>(jobId: string, staff: StaffActor, spec: ImportKindSpec<I>, rows: SheetRow[]): Promise<void> {
    const log = this.deps.logger.child({ importJobId: jobId });
    try {
      await inTransaction(this.dataSource, (em) => em.update(ImportJob, { id: jobId }, { status: 'running' }));
      const settings = await this.deps.settings.crm();
      const policy = settings.customerDuplicatePolicy;
      const planned = await this.plan(staff, spec, settings, rows);
      const created = new Set<string>();
      let imported = 0;
      let failed = 0;
      for (let start = 0; start < planned.length; start += IMPORT_BATCH_SIZE) {
        const batch = planned.slice(start, start + IMPORT_BATCH_SIZE);
        // Everything a batch decides against the database happens in its transaction, so a retry decides afresh.
        const outcomes = await inTransaction(this.dataSource, async (em) => {
          const valid = batch.filter((row) => row.keys);
          const existing = await ExistingDuplicates.load(em, this.deps.users, staff, valid.map((row) => row.keys!), { lock: policy === 'forbid', exclude: created });
          const decided = batch.map((row) => decide(row, existing, policy));
          const toInsert = batch.filter((_, i) => decided[i].status === 'imported' || decided[i].status === 'duplicate_warning');
          const ids = await spec.insert(em, staff, toInsert.map((row) => ({ input: row.input!, owner: row.owner ?? null })), jobId);
          const idOfRow = new Map(toInsert.map((row, i) => [row.rowNumber, ids[i]]));
          for (const outcome of decided) outcome.recordId = idOfRow.get(outcome.rowNumber) ?? null;
          await insertMany(
            em,
            ImportJobRow,
            decided.map((o) => ({ jobId, rowNumber: o.rowNumber, status: o.status, reason: o.reason?.slice(0, 500) ?? null, recordId: o.recordId })),
          );
          await em.update(ImportJob, { id: jobId }, { processed: start + batch.length, imported: imported + ids.length, failed: failed + batch.length - ids.length });
          return decided;
        });
        for (const outcome of outcomes) if (outcome.recordId) created.add(`${spec.entity}:${outcome.recordId}`);
        const saved = outcomes.filter((o) => o.recordId).length;
        imported += saved;
        failed += batch.length - saved;
      }
      await inTransaction(this.dataSource, (em) => em.update(ImportJob, { id: jobId, status: 'running' }, { status: 'completed' }));
      log.info({ total: rows.length, imported, failed }, 'import completed');
    } catch (error) {
      log.error({ err: error }, 'import failed');
      // Batches already saved stay saved (and in the report); the message says so.
      await inTransaction(this.dataSource, (em) =>
        em.update(ImportJob, { id: jobId }, { status: 'failed', error: '导入中断：服务器内部错误。已处理的行已保存，详见导入报告；请只重新导入报告中没有的行' }),
      ).catch((markError) => log.error({ err: markError }, 'could not mark the import as failed'));
    }
  }

  /**
   * Decides what needs no database writes, for every row up front: valid or why not, its owner, and which
   * earlier rows of the file it repeats. Duplicates in the database are checked per batch, in its transaction.
   */
  private async plan<I>(staff: StaffActor, spec: ImportKindSpec<I>, settings: CrmSettings, rows: SheetRow[]): Promise<PlannedRow<I>[]> {
    const columns = spec.columns(settings);
    const ownerColumn = columns.find((c) => c.key === 'owner')!.header;
    const me = await this.deps.users.requireAssignee(staff.id);
    const named = await this.usersByUsername(rows.map((row) => row.cells.owner).filter((u): u is string => Boolean(u) && u !== POOL_OWNER));
    const firstByName = new Map<string, number>();
    const firstByMobile = new Map<string, number>();

    return rows.map((row): PlannedRow<I> => {
      const parsed = spec.parse(row, settings, columns);
      const owner = this.resolveOwner(staff, me, parsed.ok ? parsed.ownerCell : (row.cells.owner ?? ''), named);
      if (!parsed.ok || 'error' in owner) {
        const reasons = [parsed.ok ? null : parsed.reason, 'error' in owner ? `${ownerColumn}：${owner.error}` : null];
        return { rowNumber: row.rowNumber, invalid: reasons.filter(Boolean).join('；') };
      }
      const keys = spec.keys(parsed.input);
      const sameAs = new Map<number, string[]>();
      const repeats = (rowNumber: number | undefined, what: string) => {
        if (rowNumber !== undefined) sameAs.set(rowNumber, [...(sameAs.get(rowNumber) ?? []), what]);
      };
      if (keys.name) repeats(firstByName.get(keys.name), '名称');
      if (keys.mobile) repeats(firstByMobile.get(keys.mobile), '手机号');
      if (keys.name && !firstByName.has(keys.name)) firstByName.set(keys.name, row.rowNumber);
      if (keys.mobile && !firstByMobile.has(keys.mobile)) firstByMobile.set(keys.mobile, row.rowNumber);
      return { rowNumber: row.rowNumber, invalid: null, input: parsed.input, owner: owner.owner, keys, sameAs };
    });
  }

  /**
   * Who owns an imported record. Reps own what they import. Admins and managers may name anyone who can own
   * CRM records (managers: their own team) or 公海; an empty cell means the importer, as `POST /customers` does.
   */
  private resolveOwner(staff: StaffActor, me: StaffSummary, cell: string, named: Map<string, StaffSummary>): { owner: Owner } | { error: string } {
    if (!cell || cell === me.username) return { owner: me };
    if (staff.role === 'rep') return { error: '销售导入的记录总由自己负责，请留空或填写自己的用户名' };
    if (cell === POOL_OWNER) return { owner: null };
    const user = named.get(cell);
    if (!user) return { error: `「${cell}」不存在或不能负责客户和线索` };
    if (staff.role === 'manager' && user.teamId !== staff.teamId) return { error: `「${cell}」不是本团队成员，经理只能分配给本团队` };
    return { owner: user };
  }

  private async usersByUsername(usernames: string[]): Promise<Map<string, StaffSummary>> {
    const unique = [...new Set(usernames)];
    const found = new Map<string, StaffSummary>();
    for (let i = 0; i < unique.length; i += 500) {
      const users = await this.dataSource.getRepository(User).find({
        where: { username: In(unique.slice(i, i + 500)), active: true, role: In(['admin', 'manager', 'rep']) },
      });
      for (const u of users) found.set(u.username, { id: u.id, username: u.username, displayName: u.displayName, role: u.role, teamId: u.teamId });
    }
    return found;
  }

  /** The job if the caller started it (or is an admin); anyone else gets 404. */
  private async findJob(actor: Actor, id: string): Promise<ImportJob> {
    const staff = asStaff(actor);
    const job = await this.dataSource.getRepository(ImportJob).findOneBy(staff.role === 'admin' ? { id } : { id, createdBy: staff.id });
    if (!job) throw notFound('导入任务');
    if ((job.status === 'queued' || job.status === 'running') && !this.active.has(job.id) && Date.now() - job.updatedAt.getTime() > STALE_AFTER_MS) {
      await inTransaction(this.dataSource, (em) =>
        em.update(ImportJob, { id: job.id, status: job.status }, { status: 'failed', error: '导入中断（服务重启或异常退出）。已处理的行已保存，详见导入报告；请只重新导入报告中没有的行' }),
      );
      return this.dataSource.getRepository(ImportJob).findOneByOrFail({ id: job.id });
    }
    return job;
  }

  async getJob(actor: Actor, id: string): Promise<ImportJobDto> {
    const job = await this.findJob(actor, id);
    const counts = await this.dataSource
      .getRepository(ImportJobRow)
      .createQueryBuilder('r')
      .select('r.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('r.jobId = :jobId', { jobId: job.id })
      .groupBy('r.status')
      .getRawMany<{ status: ImportRowStatus; n: number | string }>();
    return toJobDto(job, Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])));
  }

  /** The per-row report in sheet order; the cursor is the last row number of the previous page. */
  async report(actor: Actor, id: string, query: ImportReportQuery): Promise<Page<ImportReportRow>> {
    const job = await this.findJob(actor, id);
    const qb = this.dataSource.getRepository(ImportJobRow).createQueryBuilder('r').where('r.jobId = :jobId', { jobId: job.id });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.cursor) qb.andWhere('r.rowNumber > :after', { after: Number(decodeCursor(query.cursor)) });
    const rows = await qb.orderBy('r.rowNumber', 'ASC').limit(query.limit + 1).getMany();
    const data = rows.slice(0, query.limit);
    return {
      data: data.map(toReportRow),
      nextCursor: rows.length > query.limit ? encodeCursor(String(data[data.length - 1].rowNumber)) : null,
    };
  }

  async reportWorkbook(actor: Actor, id: string): Promise<{ job: ImportJobDto; buffer: Buffer }> {
    const job = await this.getJob(actor, id);
    const columns: ColumnSpec[] = [
      { key: 'rowNumber', header: '行号', width: 8 },
      { key: 'status', header: '状态', width: 18 },
      { key: 'reason', header: '原因', width: 80 },
      { key: 'recordId', header: '记录ID', width: 12 },
    ];
    const rows: Array<Array<string | number | null>> = [];
    for (let cursor: string | undefined; ; ) {
      const page = await this.report(actor, id, { limit: 500, cursor });
      for (const row of page.data) rows.push([row.rowNumber, row.statusLabel, row.reason, row.recordId]);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const workbook = newWorkbook();
    addTableSheet(workbook, '导入报告', columns, rows);
    return { job, buffer: await workbookBuffer(workbook) };
  }
}

function toReportRow(row: ImportJobRow): ImportReportRow {
  return { rowNumber: row.rowNumber, status: row.status, statusLabel: IMPORT_ROW_STATUS_LABELS[row.status], reason: row.reason, recordId: row.recordId };
}

/** A planned row's outcome: invalid, new, or a duplicate (of the database or an earlier row) handled by the policy. */
function decide<I>(row: PlannedRow<I>, existing: ExistingDuplicates, policy: DuplicatePolicy): RowOutcome {
  if (row.invalid !== null) return { rowNumber: row.rowNumber, status: 'invalid', reason: row.invalid, recordId: null };
  const matches = existing.matches(row.keys!);
  if (matches.length === 0 && row.sameAs!.size === 0) return { rowNumber: row.rowNumber, status: 'imported', reason: null, recordId: null };
  return {
    rowNumber: row.rowNumber,
    status: policy === 'forbid' ? 'skipped_duplicate' : 'duplicate_warning',
    reason: duplicateReason(policy, matches, row.sameAs!),
    recordId: null,
  };
}

/** 「疑似重复，已导入：系统中已有客户（负责人：李**，名称相同）；与第 3 行的手机号相同」 */
function duplicateReason(policy: DuplicatePolicy, matches: DuplicateMatch[], earlier: Map<number, string[]>): string {
  const parts: string[] = [];
  if (matches.length) {
    const first = matches[0];
    const what = first.entity === 'customer' ? '客户' : '线索';
    const name = first.visible && first.name ? `「${first.name}」` : '';
    const more = matches.length > 1 ? `等 ${matches.length} 条记录` : '';
    parts.push(`系统中已有${what}${name}（负责人：${first.ownerName}，${first.matchedOn === 'name' ? '名称' : '手机号'}相同）${more}`);
  }
  for (const [rowNumber, fields] of earlier) parts.push(`与第 ${rowNumber} 行的${fields.join('和')}相同`);
  return `${policy === 'forbid' ? '重复，未导入' : '疑似重复，已导入'}：${parts.join('；')}`;
}
