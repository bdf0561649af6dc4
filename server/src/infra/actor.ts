import type { StaffRole } from '@wesale/shared';

/** Who is calling. Services take the actor and scope every query by it; they never see the Koa context. */
export type StaffActor = { kind: 'staff'; id: string; role: StaffRole; teamId: string | null };
export type CustomerActor = { kind: 'customer'; id: string; leadId: string | null };
export type ServiceActor = { kind: 'service'; id: 'bot' };
export type Actor = StaffActor | CustomerActor | ServiceActor;

export const isStaff = (actor: Actor): actor is StaffActor => actor.kind === 'staff';
