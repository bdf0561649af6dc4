import { randomInt } from 'node:crypto';
import { In, type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import {
  ErrorCode,
  type Page,
  type PasswordResetResult,
  type TeamCreate,
  type TeamDto,
  type TeamListQuery,
  type TeamUpdate,
  type UserCreate,
  type UserCreatedDto,
  type UserDto,
  type UserListQuery,
  type UserUpdate,
} from '@wesale/shared';
import type { StaffActor } from '../../infra/actor';
import { databaseKind, inTransaction, isUniqueViolation, likePattern, LIKE_ESCAPE } from '../../infra/db';
import { AppError, badRequest, forbidden, notFound } from '../../infra/errors';
import { paginate } from '../../infra/pagination';
import { recordAudit } from '../audit/audit.service';
import { hashPassword } from './passwords';
import type { StaffSessions } from './staff-sessions';
import { Team } from './team.entity';
import { User } from './user.entity';

/** What a manager may change of a rep in their own team; roles, teams and deactivation stay with admins. */
const MANAGER_EDITABLE_FIELDS = new Set<keyof UserUpdate>(['maxDiscountBp', 'displayName', 'mobile']);
/** The user fields an audit entry shows (never the password hash or the token version). */
const AUDITED_USER_FIELDS = ['username', 'displayName', 'role', 'teamId', 'mobile', 'maxDiscountBp', 'active'] as const;

// No 0/O, 1/l/I: a generated password is read aloud or copied by hand.
const PASSWORD_LETTERS = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const PASSWORD_DIGITS = '23456789';

export function generatePassword(length = 12): string {
  const alphabet = PASSWORD_LETTERS + PASSWORD_DIGITS;
  const chars = [PASSWORD_LETTERS[randomInt(PASSWORD_LETTERS.length)], PASSWORD_DIGITS[randomInt(PASSWORD_DIGITS.length)]];
  while (chars.length < length) chars.push(alphabet[randomInt(alphabet.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

const usernameTaken = (username: string) => new AppError(409, ErrorCode.UsernameTaken, `用户名「${username}」已被使用`, { field: 'username' });
const teamNameTaken = (name: string) => new AppError(409, ErrorCode.TeamNameTaken, `团队「${name}」已存在`, { field: 'name' });

function auditedFields(user: User): Record<string, unknown> {
  return Object.fromEntries(AUDITED_USER_FIELDS.map((field) => [field, user[field]]));
}

/** Before/after of the fields that changed; null when nothing did. */
function diff(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const changed = Object.keys(after).filter((key) => before[key] !== after[key]);
  if (changed.length === 0) return null;
  return {
    before: Object.fromEntries(changed.map((key) => [key, before[key]])),
    after: Object.fromEntries(changed.map((key) => [key, after[key]])),
  };
}

/**
 * Staff administration: admins manage every user and team; a manager reads their own team and may adjust
 * the discount limit, name and mobile of its reps. Every change is audited, and a change that alters what a
 * token says (role, team, active, password) ends the user's sessions.
 */
export class StaffAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: StaffSessions,
  ) {}

  async listUsers(actor: StaffActor, query: UserListQuery): Promise<Page<UserDto>> {
    const qb = this.visibleUsers(this.dataSource.manager, actor);
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.teamId) qb.andWhere('u.teamId = :teamId', { teamId: query.teamId });
    if (query.active !== undefined) qb.andWhere('u.active = :active', { active: query.active ? 1 : 0 });
    if (query.q) {
      qb.andWhere(`(u.username LIKE :q ${LIKE_ESCAPE} OR u.displayName LIKE :q ${LIKE_ESCAPE} OR u.mobile LIKE :q ${LIKE_ESCAPE})`, {
        q: likePattern(query.q),
      });
    }
    const page = await paginate(qb, query, (user) => user);
    const teamNames = await this.teamNames(this.dataSource.manager, page.data.map((user) => user.teamId));
    return { data: page.data.map((user) => this.userDto(user, teamNames)), nextCursor: page.nextCursor };
  }

  async getUser(actor: StaffActor, id: string): Promise<UserDto> {
    const user = await this.visibleUser(this.dataSource.manager, actor, id);
    return this.userDto(user, await this.teamNames(this.dataSource.manager, [user.teamId]));
  }

  async createUser(actor: StaffActor, input: UserCreate): Promise<UserCreatedDto> {
    const generatedPassword = input.password === undefined ? generatePassword() : undefined;
    const passwordHash = await hashPassword(input.password ?? generatedPassword!);
    try {
      const user = await inTransaction(this.dataSource, async (em) => {
        if (input.teamId) await this.requireTeam(em, input.teamId);
        const { identifiers } = await em.insert(User, {
          username: input.username,
          displayName: input.displayName,
          role: input.role,
          teamId: input.teamId,
          mobile: input.mobile,
          maxDiscountBp: input.maxDiscountBp,
          passwordHash,
        });
        const created = await em.findOneByOrFail(User, { id: String(identifiers[0].id) });
        await recordAudit(em, actor, 'user.create', { type: 'user', id: created.id }, { after: auditedFields(created) });
        return created;
      });
      const dto = this.userDto(user, await this.teamNames(this.dataSource.manager, [user.teamId]));
      return generatedPassword ? { ...dto, generatedPassword } : dto;
    } catch (error) {
      if (isUniqueViolation(error)) throw usernameTaken(input.username);
      throw error;
    }
  }

  async updateUser(actor: StaffActor, id: string, input: UserUpdate): Promise<UserDto> {
    const revoked: string[] = [];
    const user = await inTransaction(this.dataSource, async (em) => {
      revoked.length = 0;
      const before = await this.visibleUser(em, actor, id);
      if (actor.role === 'manager') this.assertManagerMayEdit(actor, before, input);
      if (input.teamId) await this.requireTeam(em, input.teamId);
      const next = { ...before, ...input } as User;
      const losesAdmin = before.role === 'admin' && before.active && (next.role !== 'admin' || !next.active);
      if (losesAdmin) await this.assertAnotherActiveAdmin(em, actor, before);
      const changes = diff(auditedFields(before), auditedFields(next));
      if (!changes) return before;
      await em.update(User, { id }, { ...input });
      const endsSessions = next.role !== before.role || next.teamId !== before.teamId || next.active !== before.active;
      if (endsSessions) {
        await this.sessions.revoke(em, [id]);
        revoked.push(id);
      }
      if (before.role === 'manager' && (next.role !== 'manager' || next.teamId !== before.teamId || !next.active)) {
        await this.stepDownAsTeamManager(em, actor, id);
      }
      await recordAudit(em, actor, 'user.update', { type: 'user', id }, changes);
      return em.findOneByOrFail(User, { id });
    });
    this.sessions.forget(revoked);
    return this.userDto(user, await this.teamNames(this.dataSource.manager, [user.teamId]));
  }

  async resetPassword(actor: StaffActor, id: string, password: string | undefined): Promise<PasswordResetResult> {
    const generatedPassword = password === undefined ? generatePassword() : undefined;
    const passwordHash = await hashPassword(password ?? generatedPassword!);
    await inTransaction(this.dataSource, async (em) => {
      const user = await this.visibleUser(em, actor, id);
      if (password !== undefined && password.toLowerCase() === user.username) throw badRequest('密码不能与用户名相同', { field: 'password' });
      await em.update(User, { id }, { passwordHash });
      await this.sessions.revoke(em, [id]);
      await recordAudit(em, actor, 'user.password_reset', { type: 'user', id }, { generated: generatedPassword !== undefined });
    });
    this.sessions.forget([id]);
    return generatedPassword ? { generatedPassword } : {};
  }

  async listTeams(actor: StaffActor, query: TeamListQuery): Promise<Page<TeamDto>> {
    const qb = this.visibleTeams(actor);
    if (query.q) qb.andWhere(`t.name LIKE :q ${LIKE_ESCAPE}`, { q: likePattern(query.q) });
    const page = await paginate(qb, query, (team) => team);
    return { data: await this.teamDtos(this.dataSource.manager, page.data), nextCursor: page.nextCursor };
  }

  async getTeam(actor: StaffActor, id: string): Promise<TeamDto> {
    const team = await this.visibleTeams(actor).andWhere('t.id = :id', { id }).getOne();
    if (!team) throw notFound('团队');
    return (await this.teamDtos(this.dataSource.manager, [team]))[0];
  }

  async createTeam(actor: StaffActor, input: TeamCreate): Promise<TeamDto> {
    const revoked: string[] = [];
    try {
      const team = await inTransaction(this.dataSource, async (em) => {
        revoked.length = 0;
        const { identifiers } = await em.insert(Team, { name: input.name, managerId: null });
        const id = String(identifiers[0].id);
        if (input.managerId) revoked.push(...(await this.appointManager(em, actor, id, input.managerId)));
        const created = await em.findOneByOrFail(Team, { id });
        await recordAudit(em, actor, 'team.create', { type: 'team', id }, { after: { name: created.name, managerId: created.managerId } });
        return created;
      });
      this.sessions.forget(revoked);
      return (await this.teamDtos(this.dataSource.manager, [team]))[0];
    } catch (error) {
      if (isUniqueViolation(error)) throw teamNameTaken(input.name);
      throw error;
    }
  }

  async updateTeam(actor: StaffActor, id: string, input: TeamUpdate): Promise<TeamDto> {
    const revoked: string[] = [];
    try {
      const team = await inTransaction(this.dataSource, async (em) => {
        revoked.length = 0;
        const before = await em.findOneBy(Team, { id });
        if (!before) throw notFound('团队');
        if (input.name !== undefined) await em.update(Team, { id }, { name: input.name });
        if (input.managerId !== undefined && input.managerId !== before.managerId) {
          if (input.managerId) revoked.push(...(await this.appointManager(em, actor, id, input.managerId)));
          else await em.update(Team, { id }, { managerId: null });
        }
        const after = await em.findOneByOrFail(Team, { id });
        const changes = diff({ name: before.name, managerId: before.managerId }, { name: after.name, managerId: after.managerId });
        if (changes) await recordAudit(em, actor, 'team.update', { type: 'team', id }, changes);
        return after;
      });
      this.sessions.forget(revoked);
      return (await this.teamDtos(this.dataSource.manager, [team]))[0];
    } catch (error) {
      if (isUniqueViolation(error)) throw teamNameTaken(input.name ?? '');
      throw error;
    }
  }

  /** Admins see everyone; a manager sees their own team (anyone else is a 404). */
  private visibleUsers(em: EntityManager, actor: StaffActor): SelectQueryBuilder<User> {
    const qb = em.getRepository(User).createQueryBuilder('u');
    if (actor.role !== 'admin') {
      if (actor.teamId) qb.andWhere('u.teamId = :ownTeamId', { ownTeamId: actor.teamId });
      else qb.andWhere('1 = 0');
    }
    return qb;
  }

  private async visibleUser(em: EntityManager, actor: StaffActor, id: string): Promise<User> {
    const user = await this.visibleUsers(em, actor).andWhere('u.id = :id', { id }).getOne();
    if (!user) throw notFound('员工');
    return user;
  }

  private visibleTeams(actor: StaffActor): SelectQueryBuilder<Team> {
    const qb = this.dataSource.getRepository(Team).createQueryBuilder('t');
    if (actor.role !== 'admin') {
      if (actor.teamId) qb.andWhere('t.id = :ownTeamId', { ownTeamId: actor.teamId });
      else qb.andWhere('1 = 0');
    }
    return qb;
  }

  private assertManagerMayEdit(actor: StaffActor, target: User, input: UserUpdate): void {
    if (target.role !== 'rep' || target.id === actor.id) throw forbidden('销售经理只能修改本团队销售的资料');
    const notAllowed = (Object.keys(input) as Array<keyof UserUpdate>).filter((field) => !MANAGER_EDITABLE_FIELDS.has(field));
    if (notAllowed.length > 0) throw new AppError(403, ErrorCode.Forbidden, '销售经理只能修改销售的折扣权限、姓名和手机号', { fields: notAllowed });
  }

  /**
   * An admin cannot demote or deactivate themselves, nor the last active admin. The active admins' rows are
   * locked (MySQL), so two admins demoting each other at once cannot both pass this check.
   */
  private async assertAnotherActiveAdmin(em: EntityManager, actor: StaffActor, target: User): Promise<void> {
    if (target.id === actor.id) throw new AppError(409, ErrorCode.SelfLockout, '不能停用自己或取消自己的管理员角色');
    const lock = databaseKind(em.connection) === 'mysql' ? ' FOR UPDATE' : '';
    const admins: Array<{ id: string | number }> = await em.query(`SELECT id FROM users WHERE role = 'admin' AND active = 1 ORDER BY id${lock}`);
    if (!admins.some((admin) => String(admin.id) !== target.id)) {
      throw new AppError(409, ErrorCode.LastActiveAdmin, '这是最后一位在用的管理员，不能停用或取消其管理员角色');
    }
  }

  private async requireTeam(em: EntityManager, teamId: string): Promise<Team> {
    const team = await em.findOneBy(Team, { id: teamId });
    if (!team) throw badRequest('团队不存在', { field: 'teamId' });
    return team;
  }

  /**
   * Makes an active manager the team's manager: they lead one team at a time and belong to the team they
   * lead (a manager sees the records of their own team), so a move ends their sessions. Returns whose sessions ended.
   */
  private async appointManager(em: EntityManager, actor: StaffActor, teamId: string, managerId: string): Promise<string[]> {
    const manager = await em.findOneBy(User, { id: managerId, active: true });
    if (!manager || manager.role !== 'manager') throw badRequest('团队负责人须是在职的销售经理', { field: 'managerId' });
    const others = await em.find(Team, { where: { managerId } });
    for (const other of others.filter((team) => team.id !== teamId)) {
      await em.update(Team, { id: other.id }, { managerId: null });
      await recordAudit(em, actor, 'team.update', { type: 'team', id: other.id }, { before: { managerId }, after: { managerId: null } });
    }
    await em.update(Team, { id: teamId }, { managerId });
    if (manager.teamId === teamId) return [];
    await em.update(User, { id: managerId }, { teamId });
    await this.sessions.revoke(em, [managerId]);
    await recordAudit(em, actor, 'user.update', { type: 'user', id: managerId }, { before: { teamId: manager.teamId }, after: { teamId } });
    return [managerId];
  }

  /** A manager who leaves their team, their role or the company no longer leads a team. */
  private async stepDownAsTeamManager(em: EntityManager, actor: StaffActor, managerId: string): Promise<void> {
    const led = await em.find(Team, { where: { managerId } });
    for (const team of led) {
      await em.update(Team, { id: team.id }, { managerId: null });
      await recordAudit(em, actor, 'team.update', { type: 'team', id: team.id }, { before: { managerId }, after: { managerId: null } });
    }
  }

  private async teamNames(em: EntityManager, ids: Array<string | null>): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
    if (unique.length === 0) return new Map();
    const teams = await em.find(Team, { select: { id: true, name: true }, where: { id: In(unique) } });
    return new Map(teams.map((team) => [team.id, team.name]));
  }

  private userDto(user: User, teamNames: Map<string, string>): UserDto {
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      teamId: user.teamId,
      teamName: user.teamId ? (teamNames.get(user.teamId) ?? null) : null,
      mobile: user.mobile,
      maxDiscountBp: user.maxDiscountBp,
      active: user.active,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    };
  }

  private async teamDtos(em: EntityManager, teams: Team[]): Promise<TeamDto[]> {
    if (teams.length === 0) return [];
    const teamIds = teams.map((team) => team.id);
    const managerIds = teams.map((team) => team.managerId).filter((id): id is string => Boolean(id));
    const [counts, managers] = await Promise.all([
      em
        .getRepository(User)
        .createQueryBuilder('u')
        .select('u.teamId', 'teamId')
        .addSelect('COUNT(*)', 'members')
        .where('u.teamId IN (:...teamIds)', { teamIds })
        .andWhere('u.active = 1')
        .groupBy('u.teamId')
        .getRawMany<{ teamId: string | number; members: string | number }>(),
      managerIds.length ? em.find(User, { select: { id: true, displayName: true }, where: { id: In(managerIds) } }) : Promise.resolve([]),
    ]);
    const memberCounts = new Map(counts.map((row) => [String(row.teamId), Number(row.members)]));
    const managerNames = new Map(managers.map((user) => [user.id, user.displayName]));
    return teams.map((team) => ({
      id: team.id,
      name: team.name,
      managerId: team.managerId,
      managerName: team.managerId ? (managerNames.get(team.managerId) ?? null) : null,
      memberCount: memberCounts.get(team.id) ?? 0,
      createdAt: team.createdAt.toISOString(),
      updatedAt: team.updatedAt.toISOString(),
    }));
  }
}
