import { errorEnvelopeSchema } from '@wesale/shared';
import { z } from 'zod';
import type { RouteDefinition } from './route';

type Documented = RouteDefinition & { fullPath: string };

const ERROR_STATUSES: Record<string, string> = {
  '400': '请求参数有误',
  '401': '未登录或登录已过期',
  '403': '无权访问',
  '404': '不存在',
  '409': '状态冲突',
  '429': '请求过于频繁',
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function queryParameters(schema: z.ZodType) {
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
}

/** The OpenAPI 3.1 document, generated from the same zod schemas (in shared/) that validate each route. */
const IDEMPOTENCY_KEY_DESCRIPTION =
  '8–128 位字母、数字或 _ . : -。重试时带上同一个键：7 天内返回第一次的结果（响应头 Idempotent-Replayed: true），即使服务器在提交后崩溃；同一个键用于不同的请求体为 422；第一次请求仍在处理时为 409。失败的请求不占用该键。';

export function buildOpenApi(routes: Documented[], info: { version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.fullPath.replace(/:([A-Za-z_]+)/g, '{$1}');
    const pathParams = [...route.fullPath.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const responses: Record<string, unknown> = {
      [String(route.status ?? 200)]: {
        description: 'OK',
        content: route.produces
          ? Object.fromEntries([route.produces].flat().map((type) => [type, { schema: { type: 'string', format: 'binary' } }]))
          : route.response
            ? { 'application/json': { schema: jsonSchema(route.response, 'output') } }
            : undefined,
      },
    };
    const errors: Record<string, string> = { ...ERROR_STATUSES, '503': '依赖的服务（数据库、Redis、微信）暂不可用' };
    if (route.access === 'public') {
      delete errors['401'];
      delete errors['403'];
    }
    if (route.body || route.method === 'post') {
      errors['413'] = '请求体过大';
      errors['415'] = '请求体格式不受支持';
    }
    if (route.idempotent) errors['422'] = 'Idempotency-Key 已用于另一个请求';
    for (const [status, description] of Object.entries(errors)) {
      responses[status] = { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } } };
    }
    paths[path] ??= {};
    paths[path][route.method] = {
      summary: route.summary,
      tags: [route.tag],
      security: route.access === 'public' ? [] : [{ bearer: [] }],
      parameters: [
        ...pathParams,
        ...(route.query ? queryParameters(route.query) : []),
        ...(route.idempotent ? [{ name: 'Idempotency-Key', in: 'header', required: false, description: IDEMPOTENCY_KEY_DESCRIPTION, schema: { type: 'string' } }] : []),
      ],
      requestBody: route.body
        ? { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } }
        : undefined,
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'WeSale API', version: info.version, description: 'WeSale ERP 销售管理 API。金额字段均为整数（分），以 Fen 结尾。' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { ErrorEnvelope: jsonSchema(errorEnvelopeSchema, 'output') },
    },
    paths,
  };
}
