// Customers at scale: (1) importing 10,000 rows from an .xlsx through POST /customers/import (seconds, rows/s);
// (2) GET /api/v1/customers?q= at 110,000 customers — names (dense, rare-of-common, whole names, one character,
// no match) and mobile prefixes — as admin and as a rep (autocannon, 32 connections, 10 s each), beside a bare
// Koa route in the same run: the machine is shared, so the ratio to it says more than the raw figures.
import { createRequire } from 'node:module';
import os from 'node:os';
import { load, printTable, startBareKoa } from './lib/environment.mjs';

const require = createRequire(import.meta.url);
const ExcelJS = require('exceljs');
const mysql = require('mysql2/promise');
const { mobilePrefixes, normalizeCompanyName, searchGrams } = require('@wesale/shared');

export const title = 'Customers: import 10,000 rows (.xlsx) and GET /api/v1/customers?q= (names, mobiles) at 110,000 customers';

const IMPORT_ROWS = 10_000;
const TABLE_ROWS = 100_000;
const CITIES = ['杭州', '宁波', '温州', '绍兴', '苏州', '南京', '上海', '合肥', '福州', '厦门', '广州', '深圳', '成都', '武汉', '长沙', '西安'];
const WORDS = ['恒达', '华泰', '东方', '金桥', '瑞丰', '远航', '博远', '新元', '汇通', '长青', '鼎盛', '嘉禾', '宏图', '天成', '信诚', '同德', '明珠', '云海'];
// One industry word in eight is 科技: the "common substring" the search runs on.
const TRADES = ['科技', '贸易', '茶业', '物流', '酒店管理', '文化传媒', '食品', '建材'];
const SUFFIXES = ['有限公司', '股份有限公司', '集团有限公司', '商行'];

function companyName(i, prefix = '') {
  const pick = (list, n) => list[n % list.length];
  return `${prefix}${pick(CITIES, i)}${pick(WORDS, Math.floor(i / 16))}${pick(TRADES, Math.floor(i / 7))}${pick(SUFFIXES, i)}${i}号`;
}

async function importFile(env, token) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('客户导入');
  sheet.addRow(['客户名称', '客户等级', '地区', '行业', '手机', '信用额度（元）', '账期（天）', '标签', '联系人', '联系人手机', '负责人（用户名）']);
  const owners = ['rep1', 'rep2', 'manager', '公海'];
  for (let i = 0; i < IMPORT_ROWS; i++) {
    sheet.addRow([
      companyName(i, '导入'),
      ['新客户', '老客户', '优质客户'][i % 3],
      CITIES[i % CITIES.length],
      TRADES[i % TRADES.length],
      `139${String(i).padStart(8, '0')}`,
      `${(i % 500) * 100}.50`,
      30,
      i % 2 ? '批量、华东' : '',
      `联系人${i}`,
      `137${String(i).padStart(8, '0')}`,
      owners[i % owners.length],
    ]);
  }
  const buffer = await workbook.xlsx.writeBuffer();
  const form = new FormData();
  form.append('file', new Blob([buffer]), '客户导入-10000.xlsx');

  const started = performance.now();
  const response = await fetch(`${env.url}/api/v1/customers/import`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  if (response.status !== 202) throw new Error(`import answered ${response.status}: ${await response.text()}`);
  const { job } = await response.json();
  const accepted = performance.now();
  let state = job;
  for (let poll = 0; state.status !== 'completed' && state.status !== 'failed'; poll++) {
    if (poll > 6000) throw new Error('the import did not finish within 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 100));
    state = await (await fetch(`${env.url}/api/v1/imports/${job.id}`, { headers: { Authorization: `Bearer ${token}` } })).json();
  }
  const finished = performance.now();
  if (state.status !== 'completed' || state.imported !== IMPORT_ROWS) throw new Error(`import ended ${state.status}: ${JSON.stringify(state)}`);
  const seconds = (finished - started) / 1000;
  console.log(
    `import ${IMPORT_ROWS} rows (${(buffer.byteLength / 1024 / 1024).toFixed(1)} MB .xlsx, contacts + tags, admin): ` +
      `${seconds.toFixed(1)} s total, ${(IMPORT_ROWS / seconds).toFixed(0)} rows/s ` +
      `(upload + parse → 202 in ${((accepted - started) / 1000).toFixed(1)} s; ${state.imported} imported, ${state.failed} failed)`,
  );
}

/** 100,000 customers straight into MariaDB with multi-row INSERTs: the search runs against a realistic table. */
async function fillCustomers(env) {
  const connection = await mysql.createConnection(`${env.mariadbUrl.replace(/^mariadb:/, 'mysql:')}/wesale_bench`);
  try {
    const [users] = await connection.query("SELECT id, username, teamId FROM users WHERE username IN ('rep1', 'rep2', 'manager', 'admin')");
    const byName = Object.fromEntries(users.map((u) => [u.username, u]));
    const owners = [byName.rep1, byName.rep2, byName.manager, null];
    const started = performance.now();
    const batch = 2000;
    for (let start = 0; start < TABLE_ROWS; start += batch) {
      const values = [];
      for (let i = start; i < Math.min(start + batch, TABLE_ROWS); i++) {
        const name = companyName(i);
        const owner = owners[i % owners.length];
        values.push([
          name, normalizeCompanyName(name), ['new', 'regular', 'premium'][i % 3], CITIES[i % CITIES.length], 'manual',
          `158${String(i).padStart(8, '0')}`, (i % 1000) * 10000, 30,
          owner?.id ?? null, owner?.teamId ?? null, owner ? new Date() : null, byName.admin.id,
        ]);
      }
      const [result] = await connection.query(
        'INSERT INTO customers (name, nameNormalized, grade, region, source, mobile, creditLimitFen, paymentTermsDays, ownerId, teamId, ownedSince, createdBy) VALUES ?',
        [values],
      );
      // The search index the server keeps for every customer (see server/src/modules/customers/customer-search.ts).
      const grams = values.flatMap((row, k) => searchGrams(row[0]).map((gram) => [gram, result.insertId + k]));
      await connection.query('INSERT IGNORE INTO customer_name_grams (gram, customerId) VALUES ?', [grams]);
      const prefixes = values.flatMap((row, k) => mobilePrefixes(row[5]).map((prefix) => [prefix, result.insertId + k]));
      await connection.query('INSERT INTO customer_mobile_prefixes (prefix, customerId) VALUES ?', [prefixes]);
    }
    await connection.query('ANALYZE TABLE customers, customer_name_grams, customer_mobile_prefixes');
    const [[{ total }]] = await connection.query('SELECT COUNT(*) AS total FROM customers');
    console.log(`inserted ${TABLE_ROWS} customers with multi-row INSERTs in ${((performance.now() - started) / 1000).toFixed(1)} s (table now ${total})`);
  } finally {
    await connection.end();
  }
}

export async function run(env) {
  const admin = await env.login('admin');
  const rep1 = await env.login('rep1');
  await importFile(env, admin);
  await fillCustomers(env);

  const search = (q, token, who, what) =>
    load({
      url: `${env.url}/api/v1/customers?q=${encodeURIComponent(q)}&limit=20`,
      headers: { Authorization: `Bearer ${token}` },
      title: `q=${q} as ${who} (${what})`,
    });
  const bare = await startBareKoa();
  try {
    const reference = await load({ url: `${bare.url}/bare`, title: 'bare Koa route (same machine, same run)' });
    // The list page without a search: what a search costs beyond listing.
    const list = await load({ url: `${env.url}/api/v1/customers?limit=20`, headers: { Authorization: `Bearer ${admin}` }, title: 'no q as admin (the list page itself)' });
    const results = [
      // Names. 科技: one name in eight; 导入: the 10,000 oldest only; 99999号: one name, made of common pieces.
      await search('科技', admin, 'admin', '2 chars, dense'),
      await search('科技', rep1, 'rep1', '2 chars, dense, own + pool'),
      await search('导入', admin, 'admin', '2 chars, oldest 10k only'),
      await search('号', admin, 'admin', '1 char, every name'),
      await search('恒达科技有限', admin, 'admin', '6 chars'),
      await search(companyName(54321), admin, 'admin', 'a whole name'),
      await search('99999号', admin, 'admin', 'rare of common pieces'),
      await search('99999号', rep1, 'rep1', 'rare of common pieces'),
      await search('没有这个名字', admin, 'admin', 'no match'),
      // Mobiles (a query of digits is also looked up in names): 158… is every generated customer's mobile.
      await search('158', admin, 'admin', 'mobile prefix, 100k'),
      await search('158', rep1, 'rep1', 'mobile prefix, 100k'),
      await search('1580009', admin, 'admin', 'mobile prefix, 10k'),
      await search('15800099999', admin, 'admin', 'whole mobile'),
      await search('138', admin, 'admin', 'no mobile; names with 138'),
      await search('1380013', admin, 'admin', 'no match'),
    ];
    printTable([reference, list, ...results]);
    console.log('req/s as a ratio to bare Koa and to the list page without q, per query:');
    for (const r of [list, ...results]) {
      console.log(`  ${r.title.padEnd(44)} ${(r.requestsPerSecond / reference.requestsPerSecond).toFixed(3)}   ${(r.requestsPerSecond / list.requestsPerSecond).toFixed(2)}`);
    }
    const worst = results.reduce((a, b) => (b.p99Ms > a.p99Ms ? b : a));
    console.log(`worst p99: ${worst.p99Ms} ms (${worst.title}); load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
  } finally {
    await bare.stop();
  }
}
