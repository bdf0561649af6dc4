import { runMain } from './testing/main-process';
import { freePort } from './testing/services';
import { createTestMysqlDatabase } from './testing/test-server';

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 20000, output?: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${output ? `; the output was:\n${output()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('starting the server', () => {
  it.each([
    ['JWT_SECRET', { NODE_ENV: 'production', DATABASE_URL: 'mysql://u:p@127.0.0.1:1/x' }],
    ['DATABASE_URL', { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }],
    ['PORT', { PORT: 'not-a-port' }],
    ['REDIS_URL', { REDIS_URL: 'localhost:6379' }],
    ['WEB_CONCURRENCY', { WEB_CONCURRENCY: '2' }],
  ])('refuses to start without a valid %s and names it', async (name, env) => {
    const run = runMain(env);
    expect((await run.exited).code).toBe(78);
    expect(run.output()).toContain('WeSale cannot start');
    expect(run.output()).toContain(`${name}:`);
  });

  it('starts on the embedded default, serves requests, and on SIGTERM finishes in-flight work and exits 0', async () => {
    const port = await freePort();
    const run = runMain({ PORT: String(port), DEMO_PASSWORD: 'demo-pass-123' });
    try {
      // The banner arrives in more than one chunk: wait for its last line (the demo logins).
      await waitFor(() => run.output().includes('Demo logins'), 'the server to listen');
      expect(run.output()).toContain('WeSale is running');
      expect(run.output()).toMatch(/Demo logins.*admin, manager, rep1, rep2, finance, warehouse/);
      expect(run.output()).toContain(`API docs:          http://localhost:${port}/api/docs`);
      expect(run.output()).toMatch(/客户 \(customer\): 手机号 1\d{10}/);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      // A login hashes a password (tens of ms): send it, then SIGTERM while it is in flight.
      const inFlight = fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'demo-pass-123' }),
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
      run.child.kill('SIGTERM');
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect((await run.exited).code).toBe(0);
      expect(run.output()).toContain('"msg":"stopped"');
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('runs WEB_CONCURRENCY workers on one port with MySQL and Redis, and stops them all on SIGTERM', async () => {
    const port = await freePort();
    const run = runMain({
      PORT: String(port),
      DEMO_PASSWORD: 'demo-pass-123',
      DATABASE_URL: await createTestMysqlDatabase(),
      REDIS_URL: process.env.TEST_REDIS_URL ?? '',
      WEB_CONCURRENCY: '2',
    });
    const listening = () => [...run.output().matchAll(/"pid":(\d+)[^\n]*"msg":"WeSale server listening"/g)].map((match) => match[1]);
    try {
      await waitFor(() => listening().length === 2 && run.output().includes('Demo logins'), 'two workers to listen', 25_000, run.output);
      expect(new Set(listening()).size).toBe(2);
      expect(run.output()).toContain('(2 workers)');
      const logins = await Promise.all(
        Array.from({ length: 4 }, () =>
          fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ username: 'rep1', password: 'demo-pass-123' }),
          }),
        ),
      );
      expect(logins.map((response) => response.status)).toEqual([200, 200, 200, 200]);
      run.child.kill('SIGTERM');
      expect((await run.exited).code).toBe(0);
      // Each worker and then the primary.
      expect(run.output().match(/"msg":"stopped"/g)).toHaveLength(3);
    } finally {
      run.child.kill('SIGKILL');
    }
  });
});
