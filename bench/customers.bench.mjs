// Customers at scale: (1) importing 10,000 rows from an .xlsx through POST /customers/import (seconds, rows/s);
// (2) GET /api/v1/customers?q= at 100,000 customers, as admin and as a rep (autocannon, 32 connections, 10 s each).
import { createRequire } from 'node:module';
import { load, printTable } from './lib/environment.mjs';

const require = createRequire(import.meta.url);
const ExcelJS = require('exceljs');
const mysql = require('mysql2/promise');
const { normalizeCompanyName, searchBigrams } = require('@wesale/shared');

export const title = 'Customers: import 10,000 rows (.xlsx) and GET /api/v1/customers?q= at 100,000 customers';

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
      const grams = values.flatMap((row, k) => searchBigrams(row[0]).map((gram) => [gram, result.insertId + k]));
      await connection.query('INSERT IGNORE INTO customer_name_grams (gram, customerId) VALUES ?', [grams]);
    }
    await connection.query('ANALYZE TABLE customers');
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

  const search = (q, token, who) =>
    load({
      url: `${env.url}/api/v1/customers?q=${encodeURIComponent(q)}&limit=20`,
      headers: { Authorization: `Bearer ${token}` },
      title: `GET /customers?q=${q}&limit=20 as ${who}`,
    });
  const results = [];
  results.push(await search('科技', admin, 'admin'));
  results.push(await search('科技', rep1, 'rep1'));
  // A term no customer has: the piece index answers at once (a LIKE '%…%' alone would scan all 110,000 rows).
  results.push(await search('没有这个名字', admin, 'admin'));
  // A rare term that does match: 「9999号」 is in one name in 100,000.
  results.push(await search('99999号', admin, 'admin'));
  printTable(results);
}
