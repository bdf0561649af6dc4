import { randomUUID } from 'node:crypto';
import { apiClient } from '../../testing/http';
import { runMain, waitUntilServing, type MainProcess } from '../../testing/main-process';
import { freePort } from '../../testing/services';
import { createTestMysqlDatabase } from '../../testing/test-server';

const DEMO_PASSWORD = 'demo-pass-123';

async function stop(run: MainProcess) {
  if (run.child.exitCode !== null || run.child.signalCode !== null) return;
  run.child.kill('SIGTERM');
  await run.exited;
}

describe('an order whose server process died between the commit and the answer', () => {
  it('exists once: after a restart on the same database, the retry with the same key answers with that order', async () => {
    const port = await freePort();
    const api = apiClient(`http://127.0.0.1:${port}`);
    const env = {
      PORT: String(port),
      DATABASE_URL: await createTestMysqlDatabase(),
      REDIS_URL: process.env.TEST_REDIS_URL ?? '',
      DEMO_PASSWORD,
      // Both runs sign tokens alike (each run gets a fresh DATA_DIR, where a generated secret would live).
      JWT_SECRET: 'crash-test-secret-that-is-long-enough-0123456789',
    };

    const crashing = runMain({ ...env, WESALE_TEST_CRASH_AFTER_COMMIT: 'POST /api/v1/orders' });
    let restarted: MainProcess | undefined;
    try {
      await waitUntilServing(crashing, port);
      const { token } = (await api.post('/api/v1/auth/login', { username: 'rep1', password: DEMO_PASSWORD })).body;
      const customerId: string = (await api.get('/api/v1/customers', { token })).body.data[0].id;
      const productId: string = (await api.get('/api/v1/products', { token })).body.data.find((product: { status: string }) => product.status === 'active').id;
      const ordersOfCustomer = async (): Promise<string[]> =>
        (await api.get(`/api/v1/orders?customerId=${customerId}&limit=100`, { token })).body.data.map((order: { id: string }) => order.id);
      const before = await ordersOfCustomer();
      const body = { customerId, lines: [{ productId, quantity: 1 }] };
      const headers = { 'Idempotency-Key': `crash-${randomUUID()}` };

      await expect(api.post('/api/v1/orders', body, { token, headers })).rejects.toThrow();
      expect(await crashing.exited).toEqual({ code: null, signal: 'SIGKILL' });

      restarted = runMain(env);
      await waitUntilServing(restarted, port);
      const retry = await api.post('/api/v1/orders', body, { token, headers });
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body).toMatchObject({ customerId, lines: [expect.objectContaining({ productId, quantity: 1 })] });
      const after = await ordersOfCustomer();
      expect(after.filter((id) => !before.includes(id))).toEqual([retry.body.id]);
    } finally {
      crashing.child.kill('SIGKILL');
      if (restarted) await stop(restarted);
    }
  }, 120_000);
});
