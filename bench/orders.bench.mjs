// Sales orders under load: 64 concurrent clients, each looping create (3 lines, unique Idempotency-Key) → confirm
// (stock reserved) over HTTP for 10 s after a 3 s warm-up; then the same SQL, transaction for transaction, straight
// through mysql2 with the server's pool size (20) at the same concurrency — the ceiling of this database on this
// machine. Prints orders/s, p50 and p99 of one create + confirm pair, and the ratio.
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const mysql = require('mysql2/promise');
const { normalizeCompanyName } = require('@wesale/shared');

export const title = 'Orders: create (3 lines) + confirm (reserve stock) at 64 connections, HTTP vs raw mysql2';

const CONNECTIONS = 64;
const WARMUP_S = 3;
const DURATION_S = 10;
const PRODUCTS = 30;
const CUSTOMERS = 16;
const POOL_SIZE = 20; // the server's default DataSource pool

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function pick3(i) {
  const first = (i * 7) % PRODUCTS;
  return [first, (first + 11) % PRODUCTS, (first + 23) % PRODUCTS];
}

/**
 * Runs `CONNECTIONS` loops of `once(i, steps)` for warm-up + duration; returns the latencies (ms) of the measured
 * ones, and of each named step (`steps[name] = ms`) too.
 */
async function drive(once) {
  const latencies = [];
  const stepLatencies = {};
  let errors = 0;
  let firstError = null;
  const start = performance.now();
  const warmEnd = start + WARMUP_S * 1000;
  const end = warmEnd + DURATION_S * 1000;
  let seq = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const began = performance.now();
        const steps = {};
        try {
          await once(seq++, steps);
          if (began >= warmEnd) {
            latencies.push(performance.now() - began);
            for (const [name, ms] of Object.entries(steps)) (stepLatencies[name] ??= []).push(ms);
          }
        } catch (error) {
          errors++;
          firstError ??= error;
        }
      }
    }),
  );
  if (errors > 0) throw new Error(`${errors} failed iterations — the figures would be meaningless. First: ${firstError?.stack ?? firstError}`);
  latencies.sort((a, b) => a - b);
  const perStep = Object.fromEntries(
    Object.entries(stepLatencies).map(([name, values]) => {
      values.sort((a, b) => a - b);
      return [name, { p50Ms: percentile(values, 50), p99Ms: percentile(values, 99) }];
    }),
  );
  return {
    perStep,
    ordersPerSecond: latencies.length / DURATION_S,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    total: latencies.length,
  };
}

async function seed(env, admin, warehouseToken) {
  const call = (method, path, body, token) => fetchJson(env.url, method, path, body, token);
  const warehouses = await call('GET', '/api/v1/warehouses?limit=100', undefined, admin);
  const warehouseId = warehouses.body.data.find((w) => w.isDefault).id;
  const productIds = [];
  for (let i = 0; i < PRODUCTS; i++) {
    const created = await call('POST', '/api/v1/products', { sku: `BENCH-${i}`, name: `压测茶 ${i}`, unit: '盒', category: '压测', priceFen: 10_000 + i * 100, costFen: 5_000, floorPriceFen: 8_000 }, admin);
    if (created.status !== 201) throw new Error(`product: ${created.status} ${JSON.stringify(created.body)}`);
    productIds.push(created.body.id);
  }
  const adjusted = await call('POST', '/api/v1/stock/adjust', { warehouseId, lines: productIds.map((productId) => ({ productId, quantityDelta: 50_000_000 })), note: '压测入库' }, warehouseToken);
  if (adjusted.status !== 200) throw new Error(`stock: ${adjusted.status} ${JSON.stringify(adjusted.body)}`);

  const connection = await mysql.createConnection(`${env.mariadbUrl.replace(/^mariadb:/, 'mysql:')}/wesale_bench`);
  try {
    const [[rep]] = await connection.query("SELECT id, teamId FROM users WHERE username = 'rep1'");
    const rows = Array.from({ length: CUSTOMERS }, (_, i) => {
      const name = `压测客户${i}号有限公司`;
      // A credit limit far above what the run orders: the credit sum runs on every create, no approval is needed.
      return [name, normalizeCompanyName(name), 'regular', 'manual', 100_000_000_000, 30, rep.id, rep.teamId, new Date()];
    });
    const [result] = await connection.query(
      'INSERT INTO customers (name, nameNormalized, grade, source, creditLimitFen, paymentTermsDays, ownerId, teamId, ownedSince) VALUES ?',
      [rows],
    );
    const customerIds = rows.map((_, i) => String(result.insertId + i));
    return { warehouseId, productIds, customerIds, rep };
  } finally {
    await connection.end();
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function fetchJson(base, method, path, body, token, headers = {}) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method,
        path: url.pathname + url.search,
        headers: {
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode, body: text ? JSON.parse(text) : null });
        });
      },
    );
    request.on('error', reject);
    if (payload) request.write(payload);
    request.end();
  });
}

async function viaHttp(env, token, world) {
  const run = `${process.pid}-${Date.now().toString(36)}`;
  return drive(async (i, steps) => {
    const began = performance.now();
    const body = {
      customerId: world.customerIds[i % CUSTOMERS],
      lines: pick3(i).map((p) => ({ productId: world.productIds[p], quantity: 1 + (i % 3) })),
    };
    const created = await fetchJson(env.url, 'POST', '/api/v1/orders', body, token, { 'Idempotency-Key': `bench-${run}-${i}` });
    if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
    const between = performance.now();
    steps.create = between - began;
    const confirmed = await fetchJson(env.url, 'POST', `/api/v1/orders/${created.body.id}/confirm`, {}, token);
    if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
    steps.confirm = performance.now() - between;
  });
}

/**
 * The statements the server runs for create and confirm (rep1, MariaDB), in the same two transactions, without
 * HTTP, Koa, TypeORM or Redis — the same SQL text where the server's is hand-written (orders/order-sql.ts,
 * infra/visibility.ts, sales/price-rules.ts, sales/document-party.ts, stock/stock.service.ts). Create: lock the
 * customer, read it (scoped), read the products' pricing columns and the rep's limit, sum the open orders, insert
 * the order, its lines (one statement, ids by RETURNING) and an event. Confirm: read the order (scoped) with its
 * timeline and the default warehouse (one statement) and its lines, update the status conditionally, reserve 3
 * levels conditionally in ascending product id order, insert the ledger (one statement) and an event. The server
 * runs the customer, product and limit reads before its transaction; here they run inside it.
 */
async function viaMysql(env, world) {
  const pool = mysql.createPool({ uri: `${env.mariadbUrl.replace(/^mariadb:/, 'mysql:')}/wesale_bench`, connectionLimit: POOL_SIZE, timezone: 'Z' });
  const inTx = async (work) => {
    const connection = await pool.getConnection();
    try {
      await connection.query('START TRANSACTION');
      const result = await work(connection);
      await connection.query('COMMIT');
      return result;
    } catch (error) {
      await connection.query('ROLLBACK');
      throw error;
    } finally {
      connection.release();
    }
  };
  const run = Date.now().toString(36).slice(-6);
  const rep = world.rep.id;
  const openStatuses = ['pending_review', 'confirmed', 'partially_shipped', 'shipped', 'delivered'];
  try {
    return await drive(async (i) => {
      const customerId = world.customerIds[i % CUSTOMERS];
      const products = pick3(i).map((p) => world.productIds[p]);
      const quantity = 1 + (i % 3);
      const number = `RAW${run}-${i}`;
      const orderId = await inTx(async (c) => {
        await c.execute('SELECT id FROM customers WHERE id = ? FOR UPDATE', [customerId]);
        const [[customer]] = await c.execute(
          'SELECT c.* FROM customers c WHERE c.id = ? AND ((c.ownerId = ? OR c.ownerId IS NULL OR EXISTS (SELECT 1 FROM customer_followers cf WHERE cf.customerId = c.id AND cf.userId = ?)))',
          [customerId, rep, rep],
        );
        const [rows] = await c.execute(
          'SELECT id, sku, name, spec, unit, category, priceFen, costFen, floorPriceFen, taxRateBp, status FROM products WHERE id IN (?, ?, ?)',
          products,
        );
        await c.execute('SELECT maxDiscountBp FROM users WHERE id = ?', [rep]);
        await c.execute('SELECT SUM(totalFen - paidFen) AS openFen FROM orders WHERE customerId = ? AND status IN (?, ?, ?, ?, ?)', [customerId, ...openStatuses]);
        const total = rows.reduce((sum, p) => sum + p.priceFen * quantity, 0);
        const now = new Date();
        const [inserted] = await c.execute(
          'INSERT INTO orders (number, customerId, customerName, ownerId, teamId, createdBy, grossFen, discountFen, totalFen, taxFen, costFen, remarks, channel, contractId, status, ' +
            'warehouseId, paidFen, reviewStatus, pendingApprovals, reviewReasons, shippingAddress, contactName, contactPhone, confirmedAt, cancelledAt, cancelReason, deliveredAt, ' +
            'completedAt, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [number, customerId, customer.name, rep, world.rep.teamId, rep, total, 0, total, Math.round(total * 0.115), 15_000, null, 'rep', null, 'pending_review',
            null, 0, 'not_required', 0, '[]', null, null, null, null, null, null, null, null, now, now],
        );
        const id = inserted.insertId;
        const line = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
        await c.query(
          'INSERT INTO order_lines (orderId, lineNo, productId, sku, productName, spec, unit, quantity, listPriceFen, unitPriceFen, discountFen, taxRateBp, totalFen, taxFen, ' +
            `costFen, floorPriceFen, contractLineId, shippedQty, createdAt, updatedAt) VALUES ${rows.map(() => line).join(', ')} RETURNING id, lineNo`,
          rows.flatMap((p, n) => [id, n + 1, p.id, p.sku, p.name, p.spec, p.unit, quantity, p.priceFen, p.priceFen, 0, p.taxRateBp, p.priceFen * quantity, 0, p.costFen * quantity, p.floorPriceFen, null, 0, now, now]),
        );
        await c.execute('INSERT INTO order_events (orderId, fromStatus, toStatus, actorType, actorId, note, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)', [
          id, null, 'pending_review', 'staff', rep, null, now,
        ]);
        return id;
      });
      await inTx(async (c) => {
        const [read] = await c.execute(
          'SELECT o.*, e.id AS e_id, e.fromStatus AS e_fromStatus, e.toStatus AS e_toStatus, e.actorType AS e_actorType, e.actorId AS e_actorId, e.note AS e_note, ' +
            'e.createdAt AS e_createdAt, (SELECT w.id FROM warehouses w WHERE w.active = 1 ORDER BY w.isDefault DESC, w.id ASC LIMIT 1) AS defaultWarehouseId ' +
            'FROM orders o LEFT JOIN order_events e ON e.orderId = o.id WHERE o.id = ? AND ((o.ownerId = ? OR EXISTS (SELECT 1 FROM customers sc WHERE sc.id = o.customerId AND sc.ownerId = ?))) ORDER BY e.id',
          [orderId, rep, rep],
        );
        const warehouseId = read[0].defaultWarehouseId;
        const [lines] = await c.execute('SELECT * FROM order_lines WHERE orderId = ? ORDER BY lineNo', [orderId]);
        const now = new Date();
        const [updated] = await c.execute('UPDATE orders SET warehouseId = ?, confirmedAt = ?, status = ?, updatedAt = ? WHERE id = ? AND status = ?', [
          warehouseId, now, 'confirmed', now, orderId, 'pending_review',
        ]);
        if (updated.affectedRows !== 1) throw new Error('confirm lost');
        const sorted = [...lines].sort((a, b) => Number(BigInt(a.productId) - BigInt(b.productId)));
        for (const line of sorted) {
          const [result] = await c.execute(
            'UPDATE stock_levels SET onHand = onHand + ?, reserved = reserved + ?, updatedAt = CURRENT_TIMESTAMP(6) WHERE warehouseId = ? AND productId = ? AND onHand - reserved >= ? AND reserved >= ?',
            [0, line.quantity, warehouseId, line.productId, line.quantity, -line.quantity],
          );
          if (result.affectedRows !== 1) throw new Error('insufficient stock');
        }
        await c.query(
          'INSERT INTO stock_movements (warehouseId, productId, reason, onHandDelta, reservedDelta, refType, refId, refNumber, note, actorId) VALUES ' +
            sorted.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', '),
          sorted.flatMap((line) => [warehouseId, line.productId, 'reserve', 0, line.quantity, 'order', orderId, number, null, rep]),
        );
        await c.execute('INSERT INTO order_events (orderId, fromStatus, toStatus, actorType, actorId, note, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)', [
          orderId, 'pending_review', 'confirmed', 'staff', rep, null, now,
        ]);
      });
    });
  } finally {
    await pool.end();
  }
}

export async function run(env) {
  const [admin, warehouse, rep1] = await Promise.all([env.login('admin'), env.login('warehouse'), env.login('rep1')]);
  const world = await seed(env, admin, warehouse);
  const api = await viaHttp(env, rep1, world);
  const raw = await viaMysql(env, world);
  const line = (name, r) =>
    `${name.padEnd(52)} ${r.ordersPerSecond.toFixed(0).padStart(6)} orders/s   p50 ${r.p50Ms.toFixed(1).padStart(6)} ms   p99 ${r.p99Ms.toFixed(1).padStart(6)} ms   (${r.total} orders)`;
  console.log(line('POST /orders + POST /orders/:id/confirm (HTTP)', api));
  for (const [name, step] of Object.entries(api.perStep)) {
    console.log(`  of which ${name.padEnd(8)} p50 ${step.p50Ms.toFixed(1).padStart(6)} ms   p99 ${step.p99Ms.toFixed(1).padStart(6)} ms`);
  }
  console.log(line('same SQL through mysql2 (pool 20)', raw));
  console.log(`ratio HTTP / raw mysql2: ${(api.ordersPerSecond / raw.ordersPerSecond).toFixed(3)}`);
}
