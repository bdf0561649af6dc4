import type { StaffRole } from '@wesale/shared';
import { Team } from '../modules/identity/team.entity';
import { User } from '../modules/identity/user.entity';
import { hashPassword } from '../modules/identity/passwords';
import { loginAs } from './http';
import type { TestServer } from './test-server';

/** Adds a staff member (in a team created on demand) and returns their id and token. */
export async function addStaff(server: TestServer, username: string, role: StaffRole, teamName: string | null) {
  let teamId: string | null = null;
  if (teamName) {
    const teams = server.dataSource.getRepository(Team);
    const team = (await teams.findOneBy({ name: teamName })) ?? (await teams.save(teams.create({ name: teamName })));
    teamId = team.id;
  }
  const users = server.dataSource.getRepository(User);
  const user = await users.save(
    users.create({ username, displayName: `${username}姓名`, role, teamId, passwordHash: await hashPassword(server.demoPassword), maxDiscountBp: 0 }),
  );
  return { id: user.id, token: await loginAs(server, username) };
}

export async function userId(server: TestServer, username: string): Promise<string> {
  return (await server.dataSource.getRepository(User).findOneByOrFail({ username })).id;
}
