// `npm test`: every test of every workspace, against real MariaDB and Redis started here (and the embedded
// SQLite default), real Chromium for the H5 app. Installs the Debian packages when missing and run as root.
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildMiniprogram, buildServer, buildShared, root, run } from './lib/build.mjs';

const require = createRequire(import.meta.url);
const { ensureTestPackages, startMariaDb, startRedis } = require('./lib/services.cjs');
const jestArgs = process.argv.slice(2);

function step(title) {
  console.log(`\n=== ${title}`);
}

step('Debian packages (mariadb-server, redis-server, chromium)');
ensureTestPackages();

step('Type-check and build');
buildShared();
buildServer(); // the entry-point specs run server/dist/main.js as `npm start` does
for (const project of ['server/tsconfig.json', 'bot/tsconfig.json', 'miniprogram/tsconfig.json', 'miniprogram/e2e/tsconfig.json']) {
  run('npx', ['tsc', '-p', project, '--noEmit']);
}
buildMiniprogram();

step('Throwaway MariaDB and Redis');
const [mariadb, redis] = await Promise.all([startMariaDb(), startRedis()]);
console.log(`MariaDB ${mariadb.url}, Redis ${redis.url}`);

const resultsFile = path.join(os.tmpdir(), `wesale-jest-${process.pid}.json`);
let status = 1;
try {
  step('jest');
  const result = spawnSync(
    'npx',
    ['jest', '--ci', '--maxWorkers=2', '--json', `--outputFile=${resultsFile}`, ...jestArgs],
    { cwd: root, stdio: 'inherit', env: { ...process.env, TEST_MYSQL_URL: mariadb.url, TEST_REDIS_URL: redis.url } },
  );
  status = result.status ?? 1;
} finally {
  await Promise.all([mariadb.stop(), redis.stop()]);
}

try {
  const summary = JSON.parse(readFileSync(resultsFile, 'utf8'));
  rmSync(resultsFile, { force: true });
  console.log(`\n${summary.numPassedTests} passed, ${summary.numFailedTests} failed`);
  if (summary.numTotalTests === 0) status = 1;
} catch {
  console.log('\njest wrote no results');
  status = status || 1;
}
process.exit(status);
