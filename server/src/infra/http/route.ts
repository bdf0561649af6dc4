import Router from '@koa/router';
import { z } from 'zod';
import type { Actor } from '../actor';
import { authorize, type Access, type TokenService } from '../auth';
import { AppError } from '../errors';
import { ErrorCode } from '@wesale/shared';
import type { Idempotency } from '../idempotency';
import type { AppContext, AppState } from './context';
import { parseOrThrow } from './validate';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;
type ActorFor<A extends Access> = A extends 'public' ? Actor | undefined : Actor;

export interface RouteInput<B extends Schema, Q extends Schema, P extends Schema, A extends Access> {
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
  actor: ActorFor<A>;
  ctx: AppContext;
}

export interface RouteDefinition<B extends Schema = Schema, Q extends Schema = Schema, P extends Schema = Schema, A extends Access = Access> {
  method: Method;
  /** Koa path relative to the router's prefix, e.g. `/products/:id`. */
  path: string;
  summary: string;
  tag: string;
  access: A;
  body?: B;
  query?: Q;
  params?: P;
  response?: z.ZodType;
  /** Status of a successful response (default 200). */
  status?: number;
  /**
   * Honour the Idempotency-Key header: a retry returns the first answer. The key is committed with the first
   * transaction the handler runs, which must be the one that writes the effect. `true` when the handler answers
   * with what that transaction returned; otherwise how to rebuild the answer from that value, for a retry after
   * the process died between the commit and the answer.
   */
  idempotent?: true | IdempotentRebuild<B, Q, P, A>;
  /** Non-JSON responses (file downloads) describe their content type(s) here. */
  produces?: string | readonly string[];
  handler: (input: RouteInput<B, Q, P, A>) => Promise<unknown>;
}

export interface IdempotentRebuild<B extends Schema, Q extends Schema, P extends Schema, A extends Access> {
  /** `committed` is what the transaction returned (e.g. the id it created), as JSON. */
  rebuild(input: RouteInput<B, Q, P, A>, committed: unknown): Promise<unknown>;
}

/**
 * Rebuilds the answer of a create whose transaction returned the new id — alone, or in an object whose other
 * fields are answered too (e.g. `{ id, duplicates }`) — by reading the resource again.
 */
export function rebuildById(get: (actor: Actor, id: string) => Promise<object>) {
  return {
    async rebuild({ actor }: { actor: Actor }, committed: unknown) {
      const { id, ...more } = typeof committed === 'string' ? { id: committed } : (committed as { id: string });
      return { ...(await get(actor, id)), ...more };
    },
  };
}

/** A handler returns this when the status depends on the outcome (e.g. 503 from /healthz). */
export class WithStatus {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/** Declares a route; the generic parameters carry the schemas' types into the handler. */
export function defineRoute<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined, A extends Access = Access>(
  definition: RouteDefinition<B, Q, P, A>,
): RouteDefinition<B, Q, P, A> {
  return definition;
}

export interface RouteDeps {
  tokens: TokenService;
  idempotency: Idempotency;
}

/** A router that registers each route for Koa and keeps its definition for the OpenAPI document. */
export class ApiRouter {
  readonly router: Router<AppState>;
  readonly definitions: Array<RouteDefinition & { fullPath: string }> = [];

  constructor(
    readonly prefix: string,
    private readonly deps: RouteDeps,
  ) {
    this.router = new Router<AppState>({ prefix });
  }

  add(...definitions: RouteDefinition<any, any, any, any>[]): this {
    for (const definition of definitions) this.register(definition as RouteDefinition);
    return this;
  }

  private register(definition: RouteDefinition) {
    const { tokens, idempotency } = this.deps;
    this.definitions.push({ ...definition, fullPath: `${this.prefix}${definition.path}` });
    this.router[definition.method](definition.path, async (ctx) => {
      const actor = await resolveActor(definition.access, ctx.get('Authorization'), tokens);
      if (actor) {
        authorize(definition.access, actor);
        ctx.state.actor = actor;
      }
      if (definition.body && ctx.request.length && !ctx.is('json')) {
        throw new AppError(415, ErrorCode.UnsupportedMediaType, '请求体必须是 JSON（Content-Type: application/json）');
      }
      const input = {
        ctx,
        actor,
        params: definition.params ? parseOrThrow(definition.params, ctx.params, '路径参数') : undefined,
        query: definition.query ? parseOrThrow(definition.query, Object.fromEntries(new URLSearchParams(ctx.querystring)), '查询参数') : undefined,
        body: definition.body ? parseOrThrow(definition.body, ctx.request.body ?? {}, '请求内容') : undefined,
      };
      const run = async () => {
        const body = await definition.handler(input as never);
        return body instanceof WithStatus ? { status: body.status, body: body.body } : { status: definition.status ?? 200, body };
      };
      const idempotencyKey = ctx.get('Idempotency-Key');
      const { idempotent } = definition;
      const result =
        idempotent && idempotencyKey && actor
          ? await idempotency.run(
              {
                scope: `${actor.kind}:${actor.id}:${definition.method}:${definition.path}:${ctx.path}`,
                key: idempotencyKey,
                body: input.body,
                route: `${definition.method.toUpperCase()} ${this.prefix}${definition.path}`,
                status: definition.status ?? 200,
                rebuild: idempotent === true ? undefined : (committed) => idempotent.rebuild(input as never, committed),
              },
              run,
            )
          : { ...(await run()), replayed: false };
      if (result.replayed) ctx.set('Idempotent-Replayed', 'true');
      if (definition.produces) return; // the handler wrote the file itself
      ctx.status = result.status;
      ctx.body = result.body ?? null;
    });
  }
}

async function resolveActor(access: Access, authorization: string, tokens: TokenService): Promise<Actor | undefined> {
  if (access === 'public') {
    if (!authorization) return undefined;
    try {
      return await tokens.authenticate(authorization);
    } catch {
      return undefined;
    }
  }
  return tokens.authenticate(authorization);
}
