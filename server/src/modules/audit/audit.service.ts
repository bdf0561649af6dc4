import type { EntityManager } from 'typeorm';
import type { Actor } from '../../infra/actor';
import { AuditLog } from './audit-log.entity';

export interface AuditSubject {
  type: string;
  id: string;
}

/** Records an audit entry inside the caller's transaction, so the change and its record land together. */
export async function recordAudit(
  em: EntityManager,
  actor: Actor,
  action: string,
  subject: AuditSubject,
  changes: Record<string, unknown> | null = null,
): Promise<void> {
  await em.insert(AuditLog, {
    actorKind: actor.kind,
    actorId: actor.id,
    action,
    subjectType: subject.type,
    subjectId: subject.id,
    changes: changes as never,
  });
}

export function listAudit(em: EntityManager, subject: AuditSubject): Promise<AuditLog[]> {
  return em.find(AuditLog, { where: { subjectType: subject.type, subjectId: subject.id }, order: { id: 'ASC' } });
}
