import cron from 'node-cron';
import type { Idempotency } from '../infra/idempotency';
import type { KeyValueStore } from '../infra/kv';
import type { Logger } from '../infra/logger';
import type { PoolRulesService } from '../modules/customers/pool-rules.service';
import type { QuotesService } from '../modules/quotes/quotes.service';
import { runLocked } from './run-locked';

export interface JobServices {
  poolRules: PoolRulesService;
  quotes: QuotesService;
  idempotency: Idempotency;
}

export interface ScheduledJob {
  name: string;
  schedule: string;
  ttlMs: number;
  run: () => Promise<unknown>;
}

/** The scheduled jobs: thin wrappers that take the lock and call a service. */
export function scheduledJobs(services: JobServices): ScheduledJob[] {
  return [
    { name: 'pool-return', schedule: '*/15 * * * *', ttlMs: 10 * 60_000, run: () => services.poolRules.run() },
    { name: 'quote-expiry', schedule: '5 * * * *', ttlMs: 10 * 60_000, run: () => services.quotes.expireOverdue() },
    { name: 'idempotency-key-retention', schedule: '40 3 * * *', ttlMs: 30 * 60_000, run: () => services.idempotency.purgeExpired() },
  ];
}

export function startJobs(services: JobServices, kv: KeyValueStore, logger: Logger): { stop(): Promise<void> } {
  const log = logger.child({ module: 'jobs' });
  const tasks = scheduledJobs(services).map((job) =>
    cron.schedule(job.schedule, () => runLocked(kv, job.name, job.ttlMs, log, job.run), { name: job.name, timezone: 'Asia/Shanghai', noOverlap: true }),
  );
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
    },
  };
}
