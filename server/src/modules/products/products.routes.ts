import {
  customerProductSchema,
  idParamsSchema,
  pageSchema,
  productCreateSchema,
  productListQuerySchema,
  productSchema,
  productUpdateSchema,
} from '@wesale/shared';
import { customersAndStaff, staffOnly } from '../../infra/auth';
import { defineRoute } from '../../infra/http/route';
import type { ProductsService } from './products.service';

const productEditors = staffOnly('admin', 'manager', 'warehouse');
const anyProductView = productSchema.or(customerProductSchema);

export function productRoutes(products: ProductsService) {
  return [
    defineRoute({
      method: 'get',
      path: '/products',
      summary: '产品列表（客户只看到在售产品）',
      tag: 'products',
      access: customersAndStaff,
      query: productListQuerySchema,
      response: pageSchema(anyProductView),
      handler: ({ actor, query }) => products.list(actor, query),
    }),
    defineRoute({
      method: 'get',
      path: '/products/:id',
      summary: '产品详情',
      tag: 'products',
      access: customersAndStaff,
      params: idParamsSchema,
      response: anyProductView,
      handler: ({ actor, params }) => products.get(actor, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/products',
      summary: '新建产品',
      tag: 'products',
      access: productEditors,
      body: productCreateSchema,
      response: productSchema,
      status: 201,
      idempotent: true,
      handler: ({ actor, body }) => products.create(actor, body),
    }),
    defineRoute({
      method: 'patch',
      path: '/products/:id',
      summary: '修改产品',
      tag: 'products',
      access: productEditors,
      params: idParamsSchema,
      body: productUpdateSchema,
      response: productSchema,
      handler: ({ actor, params, body }) => products.update(actor, params.id, body),
    }),
  ];
}
