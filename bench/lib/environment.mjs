// What every benchmark needs: throwaway MariaDB + Redis, the built server running as its own process, tokens.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const require = createRequire(import.meta.url);
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { ensureTestPackages, startMariaDb, startRedis, freePort, stopChild } = require('../../scripts/lib/services.cjs');

export const DEMO_PASSWORD = 'bench-pass-123';

async function waitForHttp(url, child, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before ${url} answered`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Starts MariaDB, Redis and the WeSale server (server/dist/main.js, as in production: its own process). */
export async function startEnvironment() {
  ensureTestPackages();
  const [mariadb, redis] = await Promise.all([startMariaDb(), startRedis()]);
  const mysql = require('mysql2/promise');
  const connection = await mysql.createConnection(mariadb.url.replace(/^mariadb:/, 'mysql:'));
  await connection.query('CREATE DATABASE wesale_bench CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
  await connection.end();
  const port = await freePort();
  // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/wesale-prof" profiles the server under load.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const server = spawn(process.execPath, [...nodeArgs, path.join(root, 'server/dist/main.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: `${mariadb.url}/wesale_bench`,
      REDIS_URL: redis.url,
      JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
      DEMO_PASSWORD,
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wesale-bench-')),
      LOG_LEVEL: 'info',
      // `WEB_CONCURRENCY=2 npm run bench` measures the server as a 2-worker cluster.
      WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? '1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/healthz`, server);
  return {
    url,
    mariadbUrl: mariadb.url,
    async login(username) {
      const response = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      if (!response.ok) throw new Error(`login as ${username} failed: ${response.status}`);
      return (await response.json()).token;
    },
    async stop() {
      await stopChild(server);
      await Promise.all([mariadb.stop(), redis.stop()]);
    },
  };
}

/** Runs a bare Koa app (one JSON route) as its own process: the ceiling the framework sets on this machine. */
export async function startBareKoa() {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'bench/lib/bare-koa.cjs'), String(port)], { cwd: root, stdio: 'inherit' });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/bare`, child);
  return { url, stop: () => stopChild(child) };
}

/** autocannon, reduced to the figures we print. A 3 s warm-up (JIT, pools, caches) is run first and not counted. */
export async function load({ url, headers, connections = 32, duration = 10, title, warmup = 3 }) {
  if (warmup > 0) await autocannon({ url, headers, connections, duration: warmup });
  const result = await autocannon({ url, headers, connections, duration, title });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${title}: ${result.non2xx} non-2xx responses and ${result.errors} errors — the figures would be meaningless`);
  }
  return {
    title,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
  };
}

export function printTable(rows) {
  const lines = rows.map((r) =>
    `${r.title.padEnd(44)} ${r.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50Ms).padStart(4)} ms   p99 ${String(r.p99Ms).padStart(4)} ms   (${r.total} requests)`,
  );
  console.log(lines.join('\n'));
}
