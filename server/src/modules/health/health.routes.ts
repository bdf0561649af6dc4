import type { DataSource } from 'typeorm';
import { healthSchema, type Health } from '@wesale/shared';
import { anyone } from '../../infra/auth';
import { defineRoute, WithStatus } from '../../infra/http/route';
import { withTimeout, type KeyValueStore } from '../../infra/kv';

async function check(probe: () => Promise<unknown>): Promise<'up' | 'down'> {
  try {
    await withTimeout(probe(), 1500, 'health probe');
    return 'up';
  } catch {
    return 'down';
  }
}

export function healthRoutes(dataSource: DataSource, kv: KeyValueStore) {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      summary: '健康检查：数据库与 Redis（任一不可用时 503）',
      tag: 'health',
      access: anyone,
      response: healthSchema,
      handler: async () => {
        const [database, redis] = await Promise.all([check(() => dataSource.query('SELECT 1')), check(() => kv.ping())]);
        const health: Health = { status: database === 'up' && redis === 'up' ? 'ok' : 'degraded', checks: { database, redis } };
        return new WithStatus(health.status === 'ok' ? 200 : 503, health);
      },
    }),
  ];
}
