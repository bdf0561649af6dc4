// `npm start`: builds what is missing or stale, then runs the server (embedded SQLite unless DATABASE_URL is set)
// serving the mini-program's H5 build at http://localhost:3000.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildMiniprogram, buildServer, buildShared, isStale, root } from './lib/build.mjs';

buildShared();
buildServer();
if (isStale(path.join(root, 'miniprogram/dist/h5/index.html'), ['miniprogram/src', 'miniprogram/config', 'shared/src'])) {
  console.log('Building the H5 app (first start takes a little while)…');
  buildMiniprogram(['h5']);
}

const server = spawn(process.execPath, [path.join(root, 'server/dist/main.js')], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
