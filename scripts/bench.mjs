// `npm run bench`: runs every bench/*.bench.mjs (or those whose name contains the argument) and prints their
// figures. Benchmarks measure; they never pass or fail on a timing. Standalone ones (the newcomer's install and
// first start) run first, on their own; the others share MariaDB, Redis and the built server started here.
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildServer, buildShared, root } from './lib/build.mjs';

const only = process.argv[2];
const files = readdirSync(path.join(root, 'bench'))
  .filter((file) => file.endsWith('.bench.mjs') && (!only || file.includes(only)))
  .sort();
const benches = await Promise.all(files.map((file) => import(pathToFileURL(path.join(root, 'bench', file)).href)));
const standalone = benches.filter((bench) => bench.standalone);
const withServer = benches.filter((bench) => !bench.standalone);

console.log(`WeSale benchmarks — ${new Date().toISOString()} — node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}, server workers: ${process.env.WEB_CONCURRENCY ?? 1}`);
for (const bench of standalone) {
  console.log(`\n## ${bench.title}`);
  await bench.run();
}
if (withServer.length > 0) {
  buildShared();
  buildServer();
  const { startEnvironment } = await import('../bench/lib/environment.mjs');
  const env = await startEnvironment();
  try {
    for (const bench of withServer) {
      console.log(`\n## ${bench.title}`);
      await bench.run(env);
    }
  } finally {
    await env.stop();
  }
}
