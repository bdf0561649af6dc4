import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The real entry point, as `npm start` runs it (the test run builds server/dist first). */
export const MAIN = path.resolve(__dirname, '../../dist/main.js');

export interface MainProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `server/dist/main.js` with only PATH, a fresh DATA_DIR and `env` in its environment. */
export function runMain(env: Record<string, string>): MainProcess {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm test\`, which builds the server first`);
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wesale-main-')), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { child, output: () => output, exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))) };
}

/** Polls until the process answers GET /healthz with 200 (or fails with its output when it exits or times out). */
export async function waitUntilServing(run: MainProcess, port: number, timeoutMs = 30_000): Promise<void> {
  let exited = false;
  void run.exited.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (healthy) return;
    if (exited || Date.now() > deadline) throw new Error(`the server did not come up; its output was:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
