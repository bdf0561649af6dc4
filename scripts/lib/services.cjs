'use strict';
// Throwaway MariaDB and Redis servers from Debian's packages, for tests and benchmarks.
// Each is started on a free loopback port in its own temp dir and stopped by the PID we started.
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const BINARIES = {
  mariadbd: '/usr/sbin/mariadbd',
  mariadbInstallDb: '/usr/bin/mariadb-install-db',
  redisServer: '/usr/bin/redis-server',
  chromium: '/usr/bin/chromium',
};
/** Without a CJK font a bare Debian draws every Chinese character of the H5 app as an empty box. */
const CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const DEBIAN_PACKAGES = ['mariadb-server', 'redis-server', 'chromium', 'chromium-driver', 'fonts-noto-cjk'];

function missingBinaries() {
  return Object.entries({ ...BINARIES, cjkFont: CJK_FONT })
    .filter(([, file]) => !fs.existsSync(file))
    .map(([name]) => name);
}

/** Installs the Debian packages the tests need when they are missing and we are root; otherwise says what to install. */
function ensureTestPackages(log = console.log) {
  const missing = missingBinaries();
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `Missing ${missing.join(', ')}. Install them with:\n  sudo apt-get update && sudo apt-get install -y ${DEBIAN_PACKAGES.join(' ')}`,
    );
  }
  log(`Installing Debian packages for the tests: ${DEBIAN_PACKAGES.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-q', ...DEBIAN_PACKAGES], { stdio: 'inherit', env });
  const stillMissing = missingBinaries();
  if (stillMissing.length > 0) throw new Error(`apt-get finished but ${stillMissing.join(', ')} are still missing`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPort(port, child, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} before it was ready`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not accept connections on port ${port} within ${timeoutMs} ms`);
}

function stopChild(child, timeoutMs = 10000) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      try {
        child.kill('SIGKILL');
      } catch {}
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startMariaDb({ port } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wesale-mariadb-'));
  const datadir = path.join(dir, 'data');
  execFileSync(
    BINARIES.mariadbInstallDb,
    ['--no-defaults', `--datadir=${datadir}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db'],
    { stdio: 'ignore' },
  );
  const chosenPort = port ?? (await freePort());
  const child = spawn(
    BINARIES.mariadbd,
    [
      '--no-defaults',
      `--datadir=${datadir}`,
      '--user=root',
      '--bind-address=127.0.0.1',
      `--port=${chosenPort}`,
      `--socket=${path.join(dir, 'mysqld.sock')}`,
      `--pid-file=${path.join(dir, 'mysqld.pid')}`,
      `--log-error=${path.join(dir, 'error.log')}`,
      '--skip-name-resolve',
      '--innodb-buffer-pool-size=256M',
      '--innodb-flush-log-at-trx-commit=2',
      '--max-connections=500',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
    ],
    { stdio: 'ignore' },
  );
  await waitForPort(chosenPort, child, 'MariaDB');
  return {
    port: chosenPort,
    url: `mariadb://root@127.0.0.1:${chosenPort}`,
    dir,
    async stop() {
      await stopChild(child, 20000);
      fs.rmSync(dir, { recursive: true, force: true });
    },
    /** Stops the server but keeps its data, so start() can bring it back on the same port. */
    async pause() {
      await stopChild(child, 20000);
    },
  };
}

async function startRedis({ port } = {}) {
  const chosenPort = port ?? (await freePort());
  const child = spawn(
    BINARIES.redisServer,
    ['--port', String(chosenPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'],
    { stdio: 'ignore' },
  );
  await waitForPort(chosenPort, child, 'Redis');
  return {
    port: chosenPort,
    url: `redis://127.0.0.1:${chosenPort}`,
    async stop() {
      await stopChild(child);
    },
  };
}

module.exports = { ensureTestPackages, startMariaDb, startRedis, freePort, stopChild, BINARIES, DEBIAN_PACKAGES };
