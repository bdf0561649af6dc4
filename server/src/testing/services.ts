/** Typed access to the throwaway MariaDB/Redis helpers that `npm test` also uses. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const services = require('../../../scripts/lib/services.cjs') as {
  startMariaDb(options?: { port?: number }): Promise<{ url: string; port: number; stop(): Promise<void> }>;
  startRedis(options?: { port?: number }): Promise<{ url: string; port: number; stop(): Promise<void> }>;
  freePort(): Promise<number>;
};

export const { startMariaDb, startRedis, freePort } = services;
