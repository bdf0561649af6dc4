// Starts throwaway MariaDB and Redis for the whole run, unless the caller (scripts/test.mjs) already did.
const { ensureTestPackages, startMariaDb, startRedis } = require('../scripts/lib/services.cjs');

module.exports = async function globalSetup() {
  if (process.env.TEST_MYSQL_URL && process.env.TEST_REDIS_URL) return;
  ensureTestPackages();
  const [mariadb, redis] = await Promise.all([startMariaDb(), startRedis()]);
  process.env.TEST_MYSQL_URL = mariadb.url;
  process.env.TEST_REDIS_URL = redis.url;
  globalThis.__WESALE_SERVICES__ = [mariadb, redis];
};
