// `npm run bench`: builds the server, starts MariaDB + Redis + the server, runs every bench/*.bench.mjs and
// prints their figures. Benchmarks measure; they never pass or fail on a timing.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildServer, buildShared, root } from './lib/build.mjs';
import { startEnvironment } from '../bench/lib/environment.mjs';

const only = process.argv[2];
buildShared();
buildServer();
const files = readdirSync(path.join(root, 'bench'))
  .filter((file) => file.endsWith('.bench.mjs') && (!only || file.includes(only)))
  .sort();

const env = await startEnvironment();
try {
  console.log(`WeSale benchmarks — ${new Date().toISOString()} — node ${process.version}, ${(await import('node:os')).cpus().length} cores, server workers: ${process.env.WEB_CONCURRENCY ?? 1}`);
  for (const file of files) {
    const bench = await import(pathToFileURL(path.join(root, 'bench', file)).href);
    console.log(`\n## ${bench.title}`);
    await bench.run(env);
  }
} finally {
  await env.stop();
}
