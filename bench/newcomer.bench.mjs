// A newcomer's first ten minutes, timed: a fresh checkout in a temp dir, `npm install` with an empty npm cache
// (the registry is still reached), the first `npm start` until the H5 page and /healthz answer, then a warm restart.
// Options (environment): NEWCOMER_SOURCE=worktree copies the work tree's files (tracked and untracked, not ignored)
// instead of cloning the committed HEAD; NEWCOMER_KEEP=1 keeps the temp dir; NEWCOMER_TIMEOUT_MIN bounds the
// whole run (default 30).
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { freePort } = require('../scripts/lib/services.cjs');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const title = 'Newcomer: fresh checkout → npm install → first npm start → warm restart';
/** Needs no MariaDB, Redis or running server: it starts its own copy of everything. */
export const standalone = true;

const STOP_GRACE_MS = 30_000;

/** Settings a newcomer has not made: the first start runs on the defaults (embedded SQLite, port from us). */
const INHERITED_SETTINGS = ['INIT_CWD', 'NODE_ENV', 'NODE_OPTIONS', 'PORT', 'DATABASE_URL', 'REDIS_URL', 'WEB_CONCURRENCY', 'H5_DIR', 'DATA_DIR'];

/** The environment a person's shell would have: none of the npm_* variables `npm run bench` sets for itself. */
function cleanEnv(extra) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('npm_') || INHERITED_SETTINGS.includes(key)) continue;
    env[key] = value;
  }
  env.PATH = (env.PATH ?? '').split(path.delimiter).filter((dir) => !dir.startsWith(root)).join(path.delimiter);
  return { ...env, ...extra };
}

function loadAverage() {
  return os.loadavg().map((value) => value.toFixed(2)).join(' ');
}

function checkout(source, target) {
  if (source === 'worktree') {
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root })
      .toString()
      .split('\0')
      .filter(Boolean);
    for (const file of files) {
      const from = path.join(root, file);
      let stats;
      try {
        stats = statSync(from);
      } catch {
        continue; // deleted in the work tree, not yet committed
      }
      if (!stats.isFile()) continue;
      mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
      copyFileSync(from, path.join(target, file));
    }
    return `${files.length} files of the work tree`;
  }
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', root, target], { stdio: 'inherit' });
  return `git clone of ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim()}`;
}

/** Runs a command to completion with its output in `logFile`; kills its process group past `deadline`. */
function runTimed(command, args, { cwd, env, logFile, deadline }) {
  return new Promise((resolve, reject) => {
    const log = openSync(logFile, 'a');
    const startedAt = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', log, log], detached: true });
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), Math.max(0, deadline - Date.now()));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      closeSync(log);
      if (code === 0) resolve((performance.now() - startedAt) / 1000);
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}); see ${logFile}`));
    });
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {}
}

async function answers(url, predicate) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return predicate(response, await response.text());
  } catch {
    return false;
  }
}

/**
 * `npm start` in `dir` until `GET /` serves the H5 page and `/healthz` is 200; returns the seconds it took, the
 * bytes it printed, and a stop function (SIGTERM to its process group, SIGKILL after a grace period).
 */
async function timedStart(dir, { env, deadline }) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const startedAt = performance.now();
  const child = spawn('npm', ['start'], { cwd: dir, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`npm start did not serve the H5 page in time:\n${output.slice(-3000)}`);
      const page = await answers(`${base}/`, (response, body) => response.ok && (response.headers.get('content-type') ?? '').includes('html') && body.includes('<script'));
      if (page && (await answers(`${base}/healthz`, (response) => response.status === 200))) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const seconds = (performance.now() - startedAt) / 1000;
  // The banner follows "listening" by a moment: wait for it (a few seconds at most) so the byte count includes it.
  for (let waited = 0; !output.includes('Demo logins') && waited < 5000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { seconds, output: () => output, stop };
}

export async function run() {
  const source = process.env.NEWCOMER_SOURCE === 'worktree' ? 'worktree' : 'head';
  const deadline = Date.now() + Number(process.env.NEWCOMER_TIMEOUT_MIN ?? 30) * 60_000;
  const temp = mkdtempSync(path.join(os.tmpdir(), 'wesale-newcomer-'));
  const dir = path.join(temp, 'wesale');
  const logFile = path.join(temp, 'install.log');
  const env = cleanEnv({ DATA_DIR: path.join(temp, 'data'), npm_config_cache: path.join(temp, 'npm-cache') });
  const figures = [];
  const print = (label, value) => {
    figures.push([label, value]);
    console.log(`${label.padEnd(44)} ${value}`);
  };
  console.log(`load average at start: ${loadAverage()} (${os.cpus().length} cores; timings on a busy machine run long)`);
  try {
    mkdirSync(dir);
    print('checkout', checkout(source, dir));

    const installSeconds = await runTimed('npm', ['install', '--no-audit', '--no-fund', '--cache', path.join(temp, 'npm-cache')], {
      cwd: dir,
      env,
      logFile,
      deadline,
    });
    const installLog = readFileSync(logFile, 'utf8');
    const added = /added (\d+) packages/.exec(installLog);
    const built = /wesale: Built in (\d+) s/.exec(installLog);
    print('npm install, empty npm cache', `${installSeconds.toFixed(0)} s (goal < 240 s)`);
    print('  of which the build at install', built ? `${built[1]} s (shared, server, H5 app)` : 'none (see install.log)');
    print('packages installed', added ? added[1] : 'unknown (see install.log)');
    console.log(`load average after install: ${loadAverage()}`);

    const first = await timedStart(dir, { env, deadline });
    print('first npm start → H5 page + /healthz', `${first.seconds.toFixed(1)} s (goal < 60 s)`);
    print('first npm start printed', `${Buffer.byteLength(first.output())} bytes (server log lines included)`);
    await first.stop();

    const warm = await timedStart(dir, { env, deadline });
    print('warm restart → H5 page + /healthz', `${warm.seconds.toFixed(1)} s (goal < 5 s)`);
    console.log(`\nwhat the warm restart printed:\n${warm.output().trimEnd()}\n`);
    await warm.stop();
    console.log(`load average at end: ${loadAverage()}`);
    return figures;
  } finally {
    if (process.env.NEWCOMER_KEEP === '1') console.log(`kept ${temp}`);
    else rmSync(temp, { recursive: true, force: true });
  }
}
