// Runs after `npm install` in the repository: builds what `npm start` serves (shared, the server, the H5 app), so
// the first start only starts. Nothing is built when it is up to date. A failed build does not fail the install:
// `npm start` and `npm test` build again and show the error.
import { BuildError, buildForStart } from './lib/build.mjs';

try {
  await buildForStart({ announce: (line) => console.log(`wesale: ${line}`) });
} catch (error) {
  const message = error instanceof BuildError ? error.message.split('\n').at(-1) : String(error);
  console.warn(`wesale: building the app failed; \`npm start\` will try again. ${message}`);
}
