import { normalizeCompanyName, type StaffRole } from '@wesale/shared';
import { apiClient, loginAs, type ApiClient, type ApiResponse } from '../../testing/http';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { Customer } from '../customers/customer.entity';
import { hashPassword } from '../identity/passwords';
import { Team } from '../identity/team.entity';
import { User } from '../identity/user.entity';

export interface StageRef {
  id: string;
  name: string;
  probability: number;
  kind: 'open' | 'won' | 'lost';
}

/**
 * The demo users plus a second team (华南销售组: manager2, rep3) so team scoping can be tested;
 * the customers API belongs to another module, so customers are inserted as rows.
 */
export interface World {
  server: TestServer;
  api: ApiClient;
  tokens: Record<string, string>;
  userIds: Record<string, string>;
  teams: { east: string; south: string };
  stages: Record<string, StageRef>;
  templateId: string;
  addTeam(name: string): Promise<string>;
  addStaff(username: string, displayName: string, role: StaffRole, teamId: string | null): Promise<void>;
  addCustomer(name: string, owner: string | null): Promise<string>;
  createOpportunity(as: string, body: Record<string, unknown>): Promise<ApiResponse>;
  moveStage(as: string, id: string, stageName: string, extra?: Record<string, unknown>): Promise<ApiResponse>;
  setCrm(changes: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/** Fails with the response body in the message, so a wrong status says why. */
export function expectStatus(response: ApiResponse, status: number) {
  expect({ status: response.status, body: response.body }).toEqual({ status, body: response.body });
}

export async function startWorld(): Promise<World> {
  const server = await startTestServer();
  const api = apiClient(server.url);
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  const userTeams: Record<string, string | null> = {};
  const passwordHash = await hashPassword(server.demoPassword);

  for (const user of await server.dataSource.getRepository(User).find()) {
    userIds[user.username] = user.id;
    userTeams[user.username] = user.teamId;
  }
  for (const username of ['admin', 'manager', 'rep1', 'rep2', 'finance', 'warehouse']) tokens[username] = await loginAs(server, username);

  const addTeam = async (name: string) => String((await server.dataSource.getRepository(Team).insert({ name })).identifiers[0].id);
  const addStaff = async (username: string, displayName: string, role: StaffRole, teamId: string | null) => {
    const { identifiers } = await server.dataSource.getRepository(User).insert({ username, displayName, role, teamId, passwordHash, maxDiscountBp: 0 });
    userIds[username] = String(identifiers[0].id);
    userTeams[username] = teamId;
    tokens[username] = await loginAs(server, username);
  };
  const south = await addTeam('华南销售组');
  await addStaff('manager2', '陈经理', 'manager', south);
  await addStaff('rep3', '黄销售', 'rep', south);

  const templates = await api.get('/api/v1/stage-templates', { token: tokens.admin });
  const template = templates.body.data.find((t: { isDefault: boolean }) => t.isDefault);
  const stages: Record<string, StageRef> = Object.fromEntries(template.stages.map((s: StageRef) => [s.name, s]));

  const world: World = {
    server,
    api,
    tokens,
    userIds,
    teams: { east: userTeams.rep1!, south },
    stages,
    templateId: template.id,
    addTeam,
    addStaff,
    async addCustomer(name, owner) {
      const { identifiers } = await server.dataSource.getRepository(Customer).insert({
        name,
        nameNormalized: normalizeCompanyName(name),
        ownerId: owner ? userIds[owner] : null,
        teamId: owner ? userTeams[owner] : null,
      });
      return String(identifiers[0].id);
    },
    createOpportunity: (as, body) => api.post('/api/v1/opportunities', body, { token: tokens[as] }),
    moveStage: (as, id, stageName, extra = {}) =>
      api.post(`/api/v1/opportunities/${id}/stage`, { stageId: stages[stageName].id, ...extra }, { token: tokens[as] }),
    async setCrm(changes) {
      expectStatus(await api.patch('/api/v1/settings/crm', changes, { token: tokens.manager }), 200);
    },
    close: () => server.close(),
  };
  return world;
}
