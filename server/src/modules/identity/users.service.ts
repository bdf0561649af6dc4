import { In, type DataSource } from 'typeorm';
import type { StaffRole } from '@wesale/shared';
import { badRequest } from '../../infra/errors';
import { User } from './user.entity';

export interface StaffSummary {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  teamId: string | null;
}

/** Looks staff up for other modules: display names for DTOs, an assignee's team, a manager's team. */
export class UsersService {
  constructor(private readonly dataSource: DataSource) {}

  async namesByIds(ids: Array<string | null | undefined>): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
    if (unique.length === 0) return new Map();
    const users = await this.dataSource.getRepository(User).find({ select: { id: true, displayName: true }, where: { id: In(unique) } });
    return new Map(users.map((user) => [user.id, user.displayName]));
  }

  /** An active staff member who can own CRM records (rep or manager or admin); a bad id is a 400. */
  async requireAssignee(id: string): Promise<StaffSummary> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id, active: true });
    if (!user || !['rep', 'manager', 'admin'].includes(user.role)) throw badRequest('负责人不存在或不能负责客户', { field: 'ownerId' });
    return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, teamId: user.teamId };
  }

  async get(id: string): Promise<StaffSummary | null> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    return user ? { id: user.id, username: user.username, displayName: user.displayName, role: user.role, teamId: user.teamId } : null;
  }

  async listActive(filter: { teamId?: string | null; roles?: StaffRole[] } = {}): Promise<StaffSummary[]> {
    const users = await this.dataSource.getRepository(User).find({
      where: {
        active: true,
        ...(filter.teamId !== undefined ? { teamId: filter.teamId ?? undefined } : {}),
        ...(filter.roles ? { role: In(filter.roles) } : {}),
      },
      order: { id: 'ASC' },
    });
    return users.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role, teamId: u.teamId }));
  }
}
