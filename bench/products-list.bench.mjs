// GET /api/v1/products (a customer-visible list page from MariaDB) beside a bare Koa route, 32 connections, 10 s each.
import { load, printTable, startBareKoa } from './lib/environment.mjs';

export const title = 'Product list: GET /api/v1/products vs bare Koa';

export async function run(env) {
  const token = await env.login('rep1');
  const bare = await startBareKoa();
  try {
    const bareResult = await load({ url: `${bare.url}/bare`, title: 'bare Koa route (same machine, same run)' });
    const products = await load({
      url: `${env.url}/api/v1/products?limit=20`,
      headers: { Authorization: `Bearer ${token}` },
      title: 'GET /api/v1/products?limit=20 (MariaDB+Redis)',
    });
    const search = await load({
      url: `${env.url}/api/v1/products?limit=20&q=${encodeURIComponent('茶')}`,
      headers: { Authorization: `Bearer ${token}` },
      title: 'GET /api/v1/products?q=茶 (search)',
    });
    printTable([bareResult, products, search]);
    console.log(`ratio products / bare Koa: ${(products.requestsPerSecond / bareResult.requestsPerSecond).toFixed(3)}`);
  } finally {
    await bare.stop();
  }
}
