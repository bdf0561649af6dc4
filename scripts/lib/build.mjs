// Build steps shared by `npm start` and `npm test`.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSC = path.join(root, 'node_modules/typescript/bin/tsc');

export function run(command, args, options = {}) {
  execFileSync(command, args, { cwd: root, stdio: 'inherit', ...options });
}

/** Runs a command with its output appended to an open log file; rejects naming the command when it fails. */
export function runLogged(command, args, logFd, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', logFd, logFd], ...options });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${[command, ...args].join(' ')} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** True when `output` is missing or older than any source file under `sourceDirs`. */
export function isStale(output, sourceDirs) {
  const file = path.join(root, output);
  if (!existsSync(file)) return true;
  const built = statSync(file).mtimeMs;
  return sourceDirs.some((dir) => newestMtime(path.join(root, dir)) > built);
}

/** What `npm start` builds, each with the output whose age tells whether its sources changed since. */
export const OUTPUTS = {
  shared: { output: 'shared/dist/index.js', sources: ['shared/src'] },
  server: { output: 'server/dist/main.js', sources: ['server/src', 'shared/src'] },
  h5: { output: 'miniprogram/dist/h5/index.html', sources: ['miniprogram/src', 'miniprogram/config', 'shared/src'] },
};

export const tscArgs = (project) => [TSC, '-p', project];

export function buildShared() {
  run(process.execPath, tscArgs('shared/tsconfig.build.json'));
}

export function buildServer() {
  run(process.execPath, tscArgs('server/tsconfig.build.json'));
}

export function buildMiniprogram(targets = ['weapp', 'h5']) {
  for (const target of targets) run('npm', ['run', `build:${target}`, '-w', '@wesale/miniprogram']);
  if (targets.includes('h5')) markBuilt(OUTPUTS.h5.output);
}

/**
 * Webpack leaves an unchanged file alone, so after a source edit that does not change index.html its age would
 * keep saying "stale": a finished build stamps it.
 */
export function markBuilt(output) {
  const file = path.join(root, output);
  if (!existsSync(file)) return;
  const now = new Date();
  utimesSync(file, now, now);
}

/** Where `npm start` (and the build at install) write the build output: shown only when a build fails. */
export function buildLogPath() {
  return path.join(path.resolve(root, process.env.DATA_DIR ?? 'data'), 'build.log');
}

export class BuildError extends Error {}

/**
 * Builds what `npm start` serves — shared, the server, the H5 app — where its output is missing or older than its
 * sources, with the output in `buildLogPath()`. Returns the names built. Throws a BuildError ending with the log's
 * last lines.
 */
export async function buildForStart({ announce = console.log } = {}) {
  const stale = Object.keys(OUTPUTS).filter((name) => isStale(OUTPUTS[name].output, OUTPUTS[name].sources));
  if (stale.length === 0) return stale;
  const logFile = buildLogPath();
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = openSync(logFile, 'w');
  const startedAt = Date.now();
  announce(`Building ${stale.join(', ')}${stale.includes('h5') ? ' (the H5 app takes a minute or more)' : ''}…`);
  try {
    if (stale.includes('shared')) await runLogged(process.execPath, tscArgs('shared/tsconfig.build.json'), log);
    // The server and the H5 app only need shared's output: build them side by side.
    await Promise.all([
      stale.includes('server') ? runLogged(process.execPath, tscArgs('server/tsconfig.build.json'), log) : null,
      stale.includes('h5') ? runLogged('npm', ['run', 'build:h5', '-w', '@wesale/miniprogram'], log).then(() => markBuilt(OUTPUTS.h5.output)) : null,
    ]);
  } catch (error) {
    closeSync(log);
    const tail = readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-40).join('\n');
    throw new BuildError(`${tail}\n\n${error.message}\nThe whole build output is in ${logFile}`);
  }
  closeSync(log);
  announce(`Built in ${((Date.now() - startedAt) / 1000).toFixed(0)} s.`);
  return stale;
}
