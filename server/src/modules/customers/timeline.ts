import type { EntityManager } from 'typeorm';
import type { TimelineKind } from '@wesale/shared';
import { TimelineEvent } from './timeline-event.entity';

/** Adds a line to a customer's timeline inside the caller's transaction. */
export async function recordTimeline(
  em: EntityManager,
  customerId: string,
  kind: TimelineKind,
  actorId: string | null,
  summary: string,
  data: Record<string, unknown> | null = null,
): Promise<void> {
  await em.insert(TimelineEvent, { customerId, kind, actorId, summary: summary.slice(0, 500), data: data as never });
}
