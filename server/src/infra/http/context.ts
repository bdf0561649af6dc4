import type { ParameterizedContext } from 'koa';
import type { Actor } from '../actor';
import type { Logger } from '../logger';

export interface AppState {
  requestId: string;
  log: Logger;
  actor?: Actor;
}

export type AppContext = ParameterizedContext<AppState>;
