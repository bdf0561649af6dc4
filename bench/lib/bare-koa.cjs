// A bare Koa app with one JSON route, for comparison with WeSale's real routes in the same run.
const Koa = require('koa');
const app = new Koa();
const body = { data: [{ id: '1', sku: 'BARE-1', name: 'bare', priceFen: 100 }], nextCursor: null };
app.use((ctx) => {
  ctx.body = body;
});
app.listen(Number(process.argv[2]), '127.0.0.1');
