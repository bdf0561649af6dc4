// `npm start`: builds what is missing or stale (normally done already by `npm install`), quietly — the output goes
// to <DATA_DIR>/build.log and is shown only when a build fails — then runs the server (embedded SQLite unless
// DATABASE_URL is set) serving the mini-program's H5 build at http://localhost:3000. The server prints the banner.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { BuildError, buildForStart, root } from './lib/build.mjs';

try {
  await buildForStart();
} catch (error) {
  if (!(error instanceof BuildError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const server = spawn(process.execPath, [path.join(root, 'server/dist/main.js')], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
