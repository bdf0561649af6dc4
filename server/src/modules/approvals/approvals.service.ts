import type { DataSource, EntityManager } from 'typeorm';
import type { ApprovalDto, ApprovalKind, ApprovalListQuery, Page } from '@wesale/shared';
import type { Actor, StaffActor } from '../../infra/actor';
import { inTransaction } from '../../infra/db';
import { conflict, forbidden, illegalTransition, notFound } from '../../infra/errors';
import { paginate } from '../../infra/pagination';
import { recordAudit } from '../audit/audit.service';
import type { UsersService } from '../identity/users.service';
import { Approval } from './approval.entity';

export interface ApprovalRequest {
  kind: ApprovalKind;
  subjectType: string;
  subjectId: string;
  subjectTitle: string;
  requestedBy: StaffActor;
  reason?: string | null;
  payload?: Record<string, unknown> | null;
}

/** What a flow does when its approval is decided, inside the decision's transaction. */
export interface ApprovalHandler {
  onApproved(em: EntityManager, approval: Approval, decidedBy: StaffActor): Promise<void>;
  onRejected?(em: EntityManager, approval: Approval, decidedBy: StaffActor): Promise<void>;
  /** The requester withdrew the request; without this hook the flow treats it as a rejection (back to where it was). */
  onWithdrawn?(em: EntityManager, approval: Approval, withdrawnBy: StaffActor): Promise<void>;
}

function toDto(approval: Approval, names: Map<string, string>): ApprovalDto {
  return {
    id: approval.id,
    kind: approval.kind,
    subjectType: approval.subjectType,
    subjectId: approval.subjectId,
    subjectTitle: approval.subjectTitle,
    status: approval.status,
    requestedBy: approval.requestedBy,
    requestedByName: names.get(approval.requestedBy) ?? null,
    reason: approval.reason,
    decidedBy: approval.decidedBy,
    decidedByName: approval.decidedBy ? (names.get(approval.decidedBy) ?? null) : null,
    decidedAt: approval.decidedAt?.toISOString() ?? null,
    decisionComment: approval.decisionComment,
    createdAt: approval.createdAt.toISOString(),
  };
}

/** Kinds finance decides (besides the requester's team manager and admins): money risk, not selling. */
const FINANCE_KINDS: readonly ApprovalKind[] = ['order_credit'];

function asStaff(actor: Actor): StaffActor {
  if (actor.kind !== 'staff') throw forbidden();
  return actor;
}

/**
 * The generic approval (审批): a flow files a request; the requester's team manager (or an admin) approves
 * or rejects it; the flow's handler applies the outcome in the same transaction.
 */
export class ApprovalsService {
  private readonly handlers = new Map<ApprovalKind, ApprovalHandler>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
  ) {}

  register(kind: ApprovalKind, handler: ApprovalHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Files a request inside the caller's transaction; one pending request per subject and requester. */
  async request(em: EntityManager, request: ApprovalRequest): Promise<Approval> {
    const pending = await em.findOneBy(Approval, {
      subjectType: request.subjectType,
      subjectId: request.subjectId,
      requestedBy: request.requestedBy.id,
      status: 'pending',
    });
    if (pending) throw conflict('您已提交过相同的申请，正在等待审批', { approvalId: pending.id });
    const { identifiers } = await em.insert(Approval, {
      kind: request.kind,
      subjectType: request.subjectType,
      subjectId: request.subjectId,
      subjectTitle: request.subjectTitle.slice(0, 200),
      status: 'pending',
      requestedBy: request.requestedBy.id,
      teamId: request.requestedBy.teamId,
      reason: request.reason ?? null,
      payload: (request.payload ?? null) as never,
    });
    return em.findOneByOrFail(Approval, { id: String(identifiers[0].id) });
  }

  async list(actor: Actor, query: ApprovalListQuery): Promise<Page<ApprovalDto>> {
    const staff = asStaff(actor);
    const qb = this.dataSource.getRepository(Approval).createQueryBuilder('a');
    if (query.scope === 'mine' || staff.role === 'rep' || staff.role === 'warehouse') {
      qb.andWhere('a.requestedBy = :me', { me: staff.id });
    } else if (staff.role === 'finance') {
      qb.andWhere('(a.kind IN (:...financeKinds) OR a.requestedBy = :me)', { financeKinds: FINANCE_KINDS, me: staff.id });
    } else if (staff.role === 'manager') {
      qb.andWhere('a.teamId = :team', { team: staff.teamId ?? '0' });
    }
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('a.kind = :kind', { kind: query.kind });
    const page = await paginate(qb, query, (approval) => approval);
    const names = await this.users.namesByIds(page.data.flatMap((a) => [a.requestedBy, a.decidedBy]));
    return { data: page.data.map((a) => toDto(a, names)), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<ApprovalDto> {
    const approval = await this.findVisible(asStaff(actor), id);
    return toDto(approval, await this.users.namesByIds([approval.requestedBy, approval.decidedBy]));
  }

  async decide(actor: Actor, id: string, decision: 'approved' | 'rejected', comment?: string): Promise<ApprovalDto> {
    const staff = asStaff(actor);
    await inTransaction(this.dataSource, async (em) => {
      const approval = await em.findOneBy(Approval, { id });
      if (!approval || !this.mayDecide(staff, approval)) {
        if (approval && approval.requestedBy === staff.id) throw forbidden('不能审批自己提交的申请');
        throw notFound('审批');
      }
      if (approval.status !== 'pending') throw illegalTransition('审批', approval.status, decision);
      // Conditional update: of two managers deciding at once, only one wins.
      const result = await em.update(
        Approval,
        { id, status: 'pending' },
        { status: decision, decidedBy: staff.id, decidedAt: new Date(), decisionComment: comment ?? null },
      );
      if (!result.affected) throw illegalTransition('审批', 'decided', decision);
      const decided = await em.findOneByOrFail(Approval, { id });
      const handler = this.handlers.get(decided.kind);
      if (decision === 'approved') await handler?.onApproved(em, decided, staff);
      else await handler?.onRejected?.(em, decided, staff);
      await recordAudit(em, staff, `approval.${decision}`, { type: 'approval', id }, { kind: decided.kind, subjectId: decided.subjectId });
    });
    return this.get(actor, id);
  }

  async cancel(actor: Actor, id: string): Promise<ApprovalDto> {
    const staff = asStaff(actor);
    const approval = await this.dataSource.getRepository(Approval).findOneBy({ id, requestedBy: staff.id });
    if (!approval) throw notFound('审批');
    await inTransaction(this.dataSource, async (em) => {
      const result = await em.update(Approval, { id, status: 'pending' }, { status: 'cancelled' });
      if (!result.affected) throw illegalTransition('审批', approval.status, 'cancelled');
      const withdrawn = await em.findOneByOrFail(Approval, { id });
      const handler = this.handlers.get(withdrawn.kind);
      if (handler?.onWithdrawn) await handler.onWithdrawn(em, withdrawn, staff);
      else await handler?.onRejected?.(em, withdrawn, staff);
      await recordAudit(em, staff, 'approval.cancelled', { type: 'approval', id }, { kind: withdrawn.kind, subjectId: withdrawn.subjectId });
    });
    return this.get(actor, id);
  }

  private mayDecide(staff: StaffActor, approval: Approval): boolean {
    if (approval.requestedBy === staff.id) return false;
    if (staff.role === 'admin') return true;
    if (staff.role === 'finance') return FINANCE_KINDS.includes(approval.kind);
    return staff.role === 'manager' && staff.teamId !== null && approval.teamId === staff.teamId;
  }

  private async findVisible(staff: StaffActor, id: string): Promise<Approval> {
    const approval = await this.dataSource.getRepository(Approval).findOneBy({ id });
    if (!approval) throw notFound('审批');
    const visible =
      approval.requestedBy === staff.id ||
      staff.role === 'admin' ||
      (staff.role === 'finance' && FINANCE_KINDS.includes(approval.kind)) ||
      (staff.role === 'manager' && staff.teamId !== null && approval.teamId === staff.teamId);
    if (!visible) throw notFound('审批');
    return approval;
  }
}
