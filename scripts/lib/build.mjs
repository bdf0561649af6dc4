// Build steps shared by `npm start` and `npm test`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function run(command, args, options = {}) {
  execFileSync(command, args, { cwd: root, stdio: 'inherit', ...options });
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
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sourceDirs.some((dir) => newestMtime(path.join(root, dir)) > built);
}

export function buildShared() {
  run('npx', ['tsc', '-p', 'shared/tsconfig.build.json']);
}

export function buildServer() {
  run('npx', ['tsc', '-p', 'server/tsconfig.build.json']);
}

export function buildMiniprogram(targets = ['weapp', 'h5']) {
  for (const target of targets) run('npm', ['run', `build:${target}`, '-w', '@wesale/miniprogram']);
}
