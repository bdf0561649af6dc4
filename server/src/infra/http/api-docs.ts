import { createReadStream } from 'node:fs';
import path from 'node:path';
import Router from '@koa/router';
import type { AppState } from './context';

export const OPENAPI_PATH = '/api/openapi.json';
export const API_DOCS_PATH = '/api/docs';

/** Swagger UI's own files, served from the installed package: the docs page works without any outside host. */
const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const SWAGGER_UI_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const DOCS_PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>WeSale API 文档</title>
  <link rel="icon" type="image/png" href="${API_DOCS_PATH}/favicon-32x32.png">
  <link rel="stylesheet" href="${API_DOCS_PATH}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui" data-openapi-url="${OPENAPI_PATH}"></div>
  <script src="${API_DOCS_PATH}/swagger-ui-bundle.js"></script>
  <script src="${API_DOCS_PATH}/init.js"></script>
</body>
</html>
`;

// A separate file rather than an inline script, so a Content-Security-Policy without 'unsafe-inline' still works.
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: document.getElementById('swagger-ui').dataset.openapiUrl,
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
});
`;

/** `GET /api/openapi.json` (the document) and `GET /api/docs` (Swagger UI reading it). */
export function apiDocsRouter(openApiDocument: unknown): Router<AppState> {
  const router = new Router<AppState>();
  router.get(OPENAPI_PATH, (ctx) => {
    ctx.body = openApiDocument;
  });
  router.get(API_DOCS_PATH, (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = DOCS_PAGE;
  });
  router.get(`${API_DOCS_PATH}/init.js`, (ctx) => {
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.body = INIT_SCRIPT;
  });
  router.get(`${API_DOCS_PATH}/:asset`, (ctx, next) => {
    const { asset } = ctx.params;
    if (!Object.hasOwn(SWAGGER_UI_ASSETS, asset)) return next();
    ctx.type = SWAGGER_UI_ASSETS[asset];
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = createReadStream(path.join(SWAGGER_UI_DIR, asset));
  });
  return router;
}
