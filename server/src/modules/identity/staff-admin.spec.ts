import { randomBytes } from 'node:crypto';
import type { StaffRole } from '@wesale/shared';
import { addStaff } from '../../testing/crm-fixtures';
import { apiClient, loginAs, type ApiClient } from '../../testing/http';
import { customerSession, insertCustomer } from '../../testing/sales-fixtures';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { AuditLog } from '../audit/audit-log.entity';
import { SESSION_CACHE_MS, StaffSessions } from './staff-sessions';
import { Team } from './team.entity';
import { User } from './user.entity';

let server: TestServer;
let api: ApiClient;
const tokens: Record<string, string> = {};
let teamId: string;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  for (const username of ['admin', 'manager', 'rep1', 'rep2', 'finance', 'warehouse']) tokens[username] = await loginAs(server, username);
  teamId = (await server.dataSource.getRepository(Team).findOneByOrFail({ name: '华东销售一组' })).id;
  tokens.otherManager = (await addStaff(server, 'manager-south', 'manager', '华南销售组')).token;
});
afterAll(async () => {
  await server?.close();
});

const uniqueName = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

/** A new staff member made through the API by the admin, signed in; returns the id and token. */
async function newStaff(role: StaffRole, options: { teamId?: string | null; username?: string } = {}) {
  const username = options.username ?? uniqueName(role);
  const password = 'Initial-pass-1';
  const created = await api.post(
    '/api/v1/users',
    { username, displayName: `${role} 新人`, role, teamId: options.teamId ?? null, password, maxDiscountBp: 300 },
    { token: tokens.admin },
  );
  expect(created.status).toBe(201);
  const login = await api.post('/api/v1/auth/login', { username, password });
  expect(login.status).toBe(200);
  return { id: created.body.id as string, username, password, token: login.body.token as string };
}

function auditRows(subjectType: string, subjectId: string) {
  return server.dataSource.getRepository(AuditLog).find({ where: { subjectType, subjectId }, order: { id: 'ASC' } });
}

const userCount = () => server.dataSource.getRepository(User).count();

describe('creating staff', () => {
  it('creates a rep in a team with a chosen password; the rep can sign in and the creation is audited without the password', async () => {
    const username = uniqueName('zhao');
    const response = await api.post(
      '/api/v1/users',
      { username, displayName: '赵新人', role: 'rep', teamId, mobile: '139 1234 5678', maxDiscountBp: 800, password: 'Secret-pass-9' },
      { token: tokens.admin },
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ username, displayName: '赵新人', role: 'rep', teamId, teamName: '华东销售一组', mobile: '13912345678', maxDiscountBp: 800, active: true });
    expect(response.body).not.toHaveProperty('generatedPassword');
    expect(response.body).not.toHaveProperty('passwordHash');
    const login = await api.post('/api/v1/auth/login', { username, password: 'Secret-pass-9' });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ role: 'rep', teamName: '华东销售一组', maxDiscountBp: 800 });

    const [audit] = await auditRows('user', response.body.id);
    expect(audit).toMatchObject({ action: 'user.create', actorKind: 'staff' });
    expect(audit.changes).toEqual({ after: { username, displayName: '赵新人', role: 'rep', teamId, mobile: '13912345678', maxDiscountBp: 800, active: true } });
    expect(JSON.stringify(audit.changes)).not.toContain('Secret-pass-9');
  });

  it('generates a password when none is given and returns it once', async () => {
    const username = uniqueName('gen');
    const response = await api.post('/api/v1/users', { username, displayName: '生成密码', role: 'finance' }, { token: tokens.admin });
    expect(response.status).toBe(201);
    const generated: string = response.body.generatedPassword;
    expect(generated).toMatch(/^(?=.*[A-Za-z])(?=.*\d).{12}$/);
    expect((await api.post('/api/v1/auth/login', { username, password: generated })).status).toBe(200);
    const fetched = await api.get(`/api/v1/users/${response.body.id}`, { token: tokens.admin });
    expect(fetched.status).toBe(200);
    expect(fetched.body).not.toHaveProperty('generatedPassword');
    const [audit] = await auditRows('user', response.body.id);
    expect(JSON.stringify(audit.changes)).not.toContain(generated);
  });

  it('refuses a taken username with 409 USERNAME_TAKEN, whatever its case, and writes nothing', async () => {
    const before = await userCount();
    for (const username of ['rep1', 'REP1']) {
      const response = await api.post('/api/v1/users', { username, displayName: '重名', role: 'rep', password: 'Another-pass-1' }, { token: tokens.admin });
      expect(response.status).toBe(409);
      expect(response.body.error).toMatchObject({ code: 'USERNAME_TAKEN', details: { field: 'username' } });
      expect(response.body.error.message).toContain('rep1');
    }
    expect(await userCount()).toBe(before);
  });

  it('rejects weak passwords, unknown teams and bad fields with 400 and writes nothing', async () => {
    const before = await userCount();
    const base = { username: 'weakling7', displayName: '坏输入', role: 'rep' };
    const cases = [
      { ...base, password: 'short1' },
      { ...base, password: 'onlyletters' },
      { ...base, password: '1234567890' },
      { ...base, password: 'WEAKLING7' },
      { ...base, password: 'Good-pass-1', teamId: '999999' },
      { ...base, password: 'Good-pass-1', role: 'boss' },
      { ...base, password: 'Good-pass-1', maxDiscountBp: 10_001 },
      { ...base, password: 'Good-pass-1', username: '中文名' },
      { ...base, password: 'Good-pass-1', mobile: '12345' },
    ];
    for (const body of cases) {
      const response = await api.post('/api/v1/users', body, { token: tokens.admin });
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(await userCount()).toBe(before);
  });
});

describe('listing and reading staff', () => {
  it('lets an admin filter by role, team, active and text, page by cursor', async () => {
    const reps = await api.get(`/api/v1/users?role=rep&teamId=${teamId}&active=true&limit=100`, { token: tokens.admin });
    expect(reps.status).toBe(200);
    expect(reps.body.data.length).toBeGreaterThanOrEqual(2);
    expect(reps.body.data.every((user: { role: string; teamId: string; active: boolean }) => user.role === 'rep' && user.teamId === teamId && user.active)).toBe(true);

    const byName = await api.get(`/api/v1/users?q=${encodeURIComponent('王经理')}`, { token: tokens.admin });
    expect(byName.body.data.map((user: { username: string }) => user.username)).toEqual(['manager']);

    const first = await api.get('/api/v1/users?limit=2', { token: tokens.admin });
    expect(first.body.data).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api.get(`/api/v1/users?limit=2&cursor=${first.body.nextCursor}`, { token: tokens.admin });
    const firstIds = first.body.data.map((user: { id: string }) => user.id);
    expect(second.body.data.some((user: { id: string }) => firstIds.includes(user.id))).toBe(false);
  });

  it('shows a manager only their own team: other staff are 404', async () => {
    const list = await api.get('/api/v1/users?limit=100', { token: tokens.manager });
    expect(list.status).toBe(200);
    expect(list.body.data.length).toBeGreaterThan(0);
    expect(list.body.data.every((user: { teamId: string }) => user.teamId === teamId)).toBe(true);
    const adminId = (await server.dataSource.getRepository(User).findOneByOrFail({ username: 'admin' })).id;
    const southId = (await server.dataSource.getRepository(User).findOneByOrFail({ username: 'manager-south' })).id;
    const rep1Id = (await server.dataSource.getRepository(User).findOneByOrFail({ username: 'rep1' })).id;
    expect((await api.get(`/api/v1/users/${adminId}`, { token: tokens.manager })).status).toBe(404);
    expect((await api.get(`/api/v1/users/${southId}`, { token: tokens.manager })).status).toBe(404);
    expect((await api.get(`/api/v1/users/${rep1Id}`, { token: tokens.manager })).status).toBe(200);
    const ownTeam = await api.get(`/api/v1/teams/${teamId}`, { token: tokens.manager });
    expect(ownTeam.body).toMatchObject({ id: teamId, name: '华东销售一组', managerName: '王经理' });
  });

  it('keeps reps, finance, warehouse and customers out of staff administration with 403', async () => {
    const customerId = await insertCustomer(server, { name: uniqueName('客户公司'), owner: 'rep1' });
    const customer = (await customerSession(server, customerId)).token;
    const rep1Id = (await server.dataSource.getRepository(User).findOneByOrFail({ username: 'rep1' })).id;
    for (const token of [tokens.rep1, tokens.finance, tokens.warehouse, customer]) {
      expect((await api.get('/api/v1/users', { token })).status).toBe(403);
      expect((await api.get(`/api/v1/users/${rep1Id}`, { token })).status).toBe(403);
      expect((await api.patch(`/api/v1/users/${rep1Id}`, { maxDiscountBp: 9000 }, { token })).status).toBe(403);
      expect((await api.post('/api/v1/users', { username: uniqueName('x'), displayName: 'x', role: 'rep' }, { token })).status).toBe(403);
      expect((await api.post(`/api/v1/users/${rep1Id}/reset-password`, {}, { token })).status).toBe(403);
      expect((await api.get('/api/v1/teams', { token })).status).toBe(403);
      expect((await api.post('/api/v1/teams', { name: uniqueName('组') }, { token })).status).toBe(403);
    }
    expect((await api.post('/api/v1/me/password', { oldPassword: 'x', newPassword: 'Whatever-1' }, { token: customer })).status).toBe(403);
    expect((await server.dataSource.getRepository(User).findOneByOrFail({ id: rep1Id })).maxDiscountBp).toBe(500);
  });
});

describe('updating staff', () => {
  it('lets an admin change role, team, discount limit, name and mobile, audited before/after', async () => {
    const staff = await newStaff('rep', { teamId });
    const southTeamId = (await server.dataSource.getRepository(Team).findOneByOrFail({ name: '华南销售组' })).id;
    const response = await api.patch(
      `/api/v1/users/${staff.id}`,
      { role: 'manager', teamId: southTeamId, maxDiscountBp: 1500, displayName: '升职了', mobile: '13800001111' },
      { token: tokens.admin },
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ role: 'manager', teamId: southTeamId, teamName: '华南销售组', maxDiscountBp: 1500, displayName: '升职了', mobile: '13800001111' });
    const audits = await auditRows('user', staff.id);
    expect(audits.map((row) => row.action)).toEqual(['user.create', 'user.update']);
    expect(audits[1].changes).toEqual({
      before: { displayName: 'rep 新人', role: 'rep', teamId, mobile: null, maxDiscountBp: 300 },
      after: { displayName: '升职了', role: 'manager', teamId: southTeamId, mobile: '13800001111', maxDiscountBp: 1500 },
    });
  });

  it("lets a manager change an own-team rep's discount limit, name and mobile — not roles, teams or activity", async () => {
    const rep = await newStaff('rep', { teamId });
    const allowed = await api.patch(`/api/v1/users/${rep.id}`, { maxDiscountBp: 1200, mobile: '13800002222' }, { token: tokens.manager });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({ maxDiscountBp: 1200, mobile: '13800002222', role: 'rep' });
    // A discount limit is read when pricing, not from the token: the rep stays signed in.
    expect((await api.get('/api/v1/me', { token: rep.token })).body.maxDiscountBp).toBe(1200);

    for (const body of [{ role: 'manager' }, { active: false }, { teamId: null }, { maxDiscountBp: 100, role: 'admin' }]) {
      const refused = await api.patch(`/api/v1/users/${rep.id}`, body, { token: tokens.manager });
      expect(refused.status).toBe(403);
    }
    const managerId = (await server.dataSource.getRepository(User).findOneByOrFail({ username: 'manager' })).id;
    expect((await api.patch(`/api/v1/users/${managerId}`, { maxDiscountBp: 9000 }, { token: tokens.manager })).status).toBe(403);
    const otherTeamRep = await newStaff('rep', { teamId: (await server.dataSource.getRepository(Team).findOneByOrFail({ name: '华南销售组' })).id });
    expect((await api.patch(`/api/v1/users/${otherTeamRep.id}`, { maxDiscountBp: 9000 }, { token: tokens.manager })).status).toBe(404);
    const stored = await server.dataSource.getRepository(User).findOneByOrFail({ id: rep.id });
    expect(stored).toMatchObject({ role: 'rep', active: true, teamId, maxDiscountBp: 1200 });
    expect((await server.dataSource.getRepository(User).findOneByOrFail({ id: otherTeamRep.id })).maxDiscountBp).toBe(300);
  });

  it('answers 404 for an unknown user and 400 for an empty patch', async () => {
    expect((await api.patch('/api/v1/users/99999999', { maxDiscountBp: 1 }, { token: tokens.admin })).status).toBe(404);
    expect((await api.patch(`/api/v1/users/${(await newStaff('rep')).id}`, {}, { token: tokens.admin })).status).toBe(400);
  });
});

describe('revoking sessions', () => {
  it('deactivation ends the old token at once (401) and refuses login; reactivation lets the user back in', async () => {
    const staff = await newStaff('rep', { teamId });
    expect((await api.get('/api/v1/me', { token: staff.token })).status).toBe(200);
    expect((await api.patch(`/api/v1/users/${staff.id}`, { active: false }, { token: tokens.admin })).status).toBe(200);
    const revoked = await api.get('/api/v1/me', { token: staff.token });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('UNAUTHENTICATED');
    expect(revoked.body.error.message).toContain('登录已失效');
    const login = await api.post('/api/v1/auth/login', { username: staff.username, password: staff.password });
    expect(login.status).toBe(401);
    expect(login.body.error.message).toBe('该账号已停用，请联系管理员');
    // A wrong password on a deactivated account says no more than for anyone else.
    const guess = await api.post('/api/v1/auth/login', { username: staff.username, password: 'Wrong-pass-1' });
    expect(guess.body.error.message).toBe('用户名或密码错误');

    expect((await api.patch(`/api/v1/users/${staff.id}`, { active: true }, { token: tokens.admin })).status).toBe(200);
    expect((await api.get('/api/v1/me', { token: staff.token })).status).toBe(401);
    expect((await api.post('/api/v1/auth/login', { username: staff.username, password: staff.password })).status).toBe(200);
  });

  it('a role change ends the old token; the new login carries the new role', async () => {
    const staff = await newStaff('rep', { teamId });
    expect((await api.get('/api/v1/leads', { token: staff.token })).status).toBe(200);
    expect((await api.patch(`/api/v1/users/${staff.id}`, { role: 'warehouse' }, { token: tokens.admin })).status).toBe(200);
    expect((await api.get('/api/v1/leads', { token: staff.token })).status).toBe(401);
    const login = await api.post('/api/v1/auth/login', { username: staff.username, password: staff.password });
    expect(login.body.user.role).toBe('warehouse');
    expect((await api.get('/api/v1/leads', { token: login.body.token })).status).toBe(403);
  });

  it('a team change ends the old token', async () => {
    const staff = await newStaff('rep', { teamId });
    expect((await api.patch(`/api/v1/users/${staff.id}`, { teamId: null }, { token: tokens.admin })).status).toBe(200);
    expect((await api.get('/api/v1/me', { token: staff.token })).status).toBe(401);
  });

  it('an admin password reset ends the old token; the new password works, the old one no longer does', async () => {
    const staff = await newStaff('finance');
    const reset = await api.post(`/api/v1/users/${staff.id}/reset-password`, { password: 'Brand-new-pass-2' }, { token: tokens.admin });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({});
    expect((await api.get('/api/v1/me', { token: staff.token })).status).toBe(401);
    expect((await api.post('/api/v1/auth/login', { username: staff.username, password: staff.password })).status).toBe(401);
    expect((await api.post('/api/v1/auth/login', { username: staff.username, password: 'Brand-new-pass-2' })).status).toBe(200);

    const generated = await api.post(`/api/v1/users/${staff.id}/reset-password`, {}, { token: tokens.admin });
    expect(generated.body.generatedPassword).toEqual(expect.any(String));
    expect((await api.post('/api/v1/auth/login', { username: staff.username, password: generated.body.generatedPassword })).status).toBe(200);
    const audits = (await auditRows('user', staff.id)).filter((row) => row.action === 'user.password_reset');
    expect(audits.map((row) => row.changes)).toEqual([{ generated: false }, { generated: true }]);
    expect(JSON.stringify(audits)).not.toContain('Brand-new-pass-2');
  });

  it('changing one’s own password needs the old one, ends other sessions and answers a new session', async () => {
    const staff = await newStaff('warehouse');
    const otherDevice = (await api.post('/api/v1/auth/login', { username: staff.username, password: staff.password })).body.token;
    const wrong = await api.post('/api/v1/me/password', { oldPassword: 'Not-it-123', newPassword: 'Changed-pass-3' }, { token: staff.token });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual({ field: 'oldPassword' });
    expect((await api.get('/api/v1/me', { token: staff.token })).status).toBe(200);
    const weak = await api.post('/api/v1/me/password', { oldPassword: staff.password, newPassword: 'short' }, { token: staff.token });
    expect(weak.status).toBe(400);

    const changed = await api.post('/api/v1/me/password', { oldPassword: staff.password, newPassword: 'Changed-pass-3' }, { token: staff.token });
    expect(changed.status).toBe(200);
    expect(changed.body.user).toMatchObject({ kind: 'staff', username: staff.username });
    expect((await api.get('/api/v1/me', { token: staff.token })).status).toBe(401);
    expect((await api.get('/api/v1/me', { token: otherDevice })).status).toBe(401);
    expect((await api.get('/api/v1/me', { token: changed.body.token })).status).toBe(200);
    expect((await api.post('/api/v1/auth/login', { username: staff.username, password: staff.password })).status).toBe(401);
    expect((await api.post('/api/v1/auth/login', { username: staff.username, password: 'Changed-pass-3' })).status).toBe(200);
    expect((await auditRows('user', staff.id)).map((row) => row.action)).toContain('user.password_change');
  });

  it('of two password changes racing with the same old password, exactly one wins', async () => {
    const staff = await newStaff('finance');
    const [a, b] = await Promise.all(
      ['Racer-one-11', 'Racer-two-22'].map((newPassword) => api.post('/api/v1/me/password', { oldPassword: staff.password, newPassword }, { token: staff.token })),
    );
    const winner = a.status === 200 ? 'Racer-one-11' : 'Racer-two-22';
    const loser = a.status === 200 ? b : a;
    expect([a.status, b.status]).toContain(200);
    expect([401, 409]).toContain(loser.status);
    const logins = await Promise.all(
      ['Racer-one-11', 'Racer-two-22'].map(async (password) => (await api.post('/api/v1/auth/login', { username: staff.username, password })).status),
    );
    expect(logins).toEqual(winner === 'Racer-one-11' ? [200, 401] : [401, 200]);
  });

  it('a discount limit change keeps the session', async () => {
    const staff = await newStaff('rep', { teamId });
    expect((await api.patch(`/api/v1/users/${staff.id}`, { maxDiscountBp: 50, displayName: '改名' }, { token: tokens.admin })).status).toBe(200);
    expect((await api.get('/api/v1/me', { token: staff.token })).status).toBe(200);
  });

  it('another instance notices a revocation once its cache entry expires', async () => {
    const staff = await newStaff('rep', { teamId });
    const version = (await server.dataSource.getRepository(User).findOneByOrFail({ id: staff.id })).tokenVersion;
    let now = 1_000_000;
    const otherInstance = new StaffSessions(server.dataSource, () => now);
    expect(await otherInstance.isCurrent(staff.id, version)).toBe(true);
    expect((await api.patch(`/api/v1/users/${staff.id}`, { active: false }, { token: tokens.admin })).status).toBe(200);
    expect(await otherInstance.isCurrent(staff.id, version)).toBe(true);
    now += SESSION_CACHE_MS + 1;
    expect(await otherInstance.isCurrent(staff.id, version)).toBe(false);
  });
});

describe('the last admin', () => {
  it('an admin can neither deactivate nor demote themselves (409 SELF_LOCKOUT)', async () => {
    const adminId = (await server.dataSource.getRepository(User).findOneByOrFail({ username: 'admin' })).id;
    for (const body of [{ active: false }, { role: 'manager' }]) {
      const response = await api.patch(`/api/v1/users/${adminId}`, body, { token: tokens.admin });
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('SELF_LOCKOUT');
    }
    expect(await server.dataSource.getRepository(User).findOneByOrFail({ id: adminId })).toMatchObject({ role: 'admin', active: true });
    expect((await api.get('/api/v1/me', { token: tokens.admin })).status).toBe(200);
  });

  it('two admins demoting each other at once leave exactly one active admin', async () => {
    const isolated = await startTestServer();
    try {
      const isolatedApi = apiClient(isolated.url);
      const first = await loginAs(isolated, 'admin');
      const secondAdmin = await addStaff(isolated, 'admin-two', 'admin', null);
      const firstId = (await isolated.dataSource.getRepository(User).findOneByOrFail({ username: 'admin' })).id;
      const [a, b] = await Promise.all([
        isolatedApi.patch(`/api/v1/users/${secondAdmin.id}`, { active: false }, { token: first }),
        isolatedApi.patch(`/api/v1/users/${firstId}`, { active: false }, { token: secondAdmin.token }),
      ]);
      const statuses = [a.status, b.status].sort();
      expect(statuses[0]).toBe(200);
      expect([401, 409]).toContain(statuses[1]);
      const loser = a.status === 200 ? b : a;
      if (loser.status === 409) expect(loser.body.error.code).toBe('LAST_ACTIVE_ADMIN');
      expect(await isolated.dataSource.getRepository(User).countBy({ role: 'admin', active: true })).toBe(1);
    } finally {
      await isolated.close();
    }
  });
});

describe('teams', () => {
  it('an admin creates a team led by a manager, who moves into it and signs in again', async () => {
    const lead = await newStaff('manager', { teamId });
    const name = uniqueName('华北销售组');
    const created = await api.post('/api/v1/teams', { name, managerId: lead.id }, { token: tokens.admin });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name, managerId: lead.id, managerName: 'manager 新人', memberCount: 1 });
    expect((await api.get('/api/v1/me', { token: lead.token })).status).toBe(401);
    const relogin = await api.post('/api/v1/auth/login', { username: lead.username, password: lead.password });
    expect(relogin.body.user).toMatchObject({ teamId: created.body.id, teamName: name });
    expect((await auditRows('team', created.body.id)).map((row) => row.action)).toEqual(['team.create']);
    expect((await auditRows('user', lead.id)).map((row) => row.action)).toEqual(['user.create', 'user.update']);

    // The team's manager reads their team and no other.
    const own = await api.get('/api/v1/teams', { token: relogin.body.token });
    expect(own.body.data.map((team: { id: string }) => team.id)).toEqual([created.body.id]);
    expect((await api.get(`/api/v1/teams/${teamId}`, { token: relogin.body.token })).status).toBe(404);
    expect((await api.get(`/api/v1/teams/${created.body.id}`, { token: relogin.body.token })).status).toBe(200);
    expect((await api.patch(`/api/v1/teams/${created.body.id}`, { name: '自己改名' }, { token: relogin.body.token })).status).toBe(403);
  });

  it('refuses a taken team name with 409 TEAM_NAME_TAKEN and a non-manager as its lead with 400', async () => {
    const before = await server.dataSource.getRepository(Team).count();
    const taken = await api.post('/api/v1/teams', { name: '华东销售一组' }, { token: tokens.admin });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('TEAM_NAME_TAKEN');
    const rep1Id = (await server.dataSource.getRepository(User).findOneByOrFail({ username: 'rep1' })).id;
    const notManager = await api.post('/api/v1/teams', { name: uniqueName('组'), managerId: rep1Id }, { token: tokens.admin });
    expect(notManager.status).toBe(400);
    expect(await server.dataSource.getRepository(Team).count()).toBe(before);
  });

  it('renames a team, audited; a rename to a taken name is 409', async () => {
    const created = await api.post('/api/v1/teams', { name: uniqueName('西南组') }, { token: tokens.admin });
    const renamed = await api.patch(`/api/v1/teams/${created.body.id}`, { name: `${created.body.name}-改` }, { token: tokens.admin });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe(`${created.body.name}-改`);
    const [, update] = await auditRows('team', created.body.id);
    expect(update.changes).toEqual({ before: { name: created.body.name }, after: { name: `${created.body.name}-改` } });
    const clash = await api.patch(`/api/v1/teams/${created.body.id}`, { name: '华东销售一组' }, { token: tokens.admin });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('TEAM_NAME_TAKEN');
    expect((await api.patch('/api/v1/teams/99999999', { name: uniqueName('无') }, { token: tokens.admin })).status).toBe(404);
  });

  it('a manager demoted or moved away no longer leads their team', async () => {
    const lead = await newStaff('manager', { teamId });
    const team = await api.post('/api/v1/teams', { name: uniqueName('东北组'), managerId: lead.id }, { token: tokens.admin });
    expect(team.body.managerId).toBe(lead.id);
    expect((await api.patch(`/api/v1/users/${lead.id}`, { role: 'rep' }, { token: tokens.admin })).status).toBe(200);
    const after = await api.get(`/api/v1/teams/${team.body.id}`, { token: tokens.admin });
    expect(after.body).toMatchObject({ managerId: null, managerName: null, memberCount: 1 });
  });
});
