import { createHash } from 'node:crypto';
import { LessThan, type DataSource, type EntityManager } from 'typeorm';
import { ErrorCode } from '@wesale/shared';
import { inTransaction, isUniqueViolation, withTransactionParticipant, type TransactionParticipant } from './db';
import { AppError, badRequest } from './errors';
import { IdempotencyKey } from './idempotency-key.entity';
import type { KeyValueStore } from './kv';
import type { Logger } from './logger';

const KEY_FORMAT = /^[A-Za-z0-9_.:-]{8,128}$/;
/** A key replays its first answer this long; then the retention job deletes it. */
export const IDEMPOTENCY_KEY_RETENTION_DAYS = 7;
/** The "in flight" marker in the KV store is renewed while the attempt runs, so a crashed attempt's marker lapses soon. */
const IN_FLIGHT_TTL_MS = 15_000;
const PURGE_BATCH = 1000;

export interface Outcome {
  status: number;
  body: unknown;
}

export interface IdempotentResult extends Outcome {
  replayed: boolean;
}

export interface IdempotentRequest {
  /** Caller and route: two callers never share a key. */
  scope: string;
  key: string;
  body: unknown;
  /** `POST /api/v1/orders`: what the test-only crash hook names. */
  route: string;
  /** Status of a successful answer. */
  status: number;
  /** Rebuilds the answer from what the request's transaction returned; without it, that value is the answer. */
  rebuild?: (committed: unknown) => Promise<unknown>;
}

export interface IdempotencyOptions {
  /** Test-only (WESALE_TEST_CRASH_AFTER_COMMIT): the process kills itself right after this route's transaction commits. */
  crashAfterCommitRoute?: string;
}

const inFlight = () => new AppError(409, ErrorCode.Conflict, '相同的请求正在处理中，请稍后重试');
const reused = () => new AppError(422, ErrorCode.IdempotencyKeyReused, '该 Idempotency-Key 已用于另一个不同的请求');

/** The key row is held by another attempt's transaction (or was just committed by it). */
class KeyHeldElsewhere extends AppError {
  constructor() {
    super(409, ErrorCode.Conflict, '相同的请求正在处理中，请稍后重试');
  }
}

const toJson = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
const fromJson = (text: string | null) => (text === null ? null : JSON.parse(text));

/**
 * `Idempotency-Key`: the first request with a key runs; a retry with the same key and body replays its answer
 * (7 days); the same key with another body is a 422; a retry while the first still runs is a 409. Keys are
 * scoped per caller and route.
 *
 * The record is the `idempotency_keys` row, inserted first thing in the first transaction the request runs, so
 * it commits or rolls back with the effect: an attempt that died before its commit leaves the key free, one
 * that committed replays — whatever happened to the process or to Redis. Concurrent attempts meet on the
 * row's unique index (the later insert waits for the first transaction, then fails and replays). The answer
 * is stored after the commit; until then (or if the process died in between) it is rebuilt from the
 * transaction's result, committed in the row too. The KV marker only answers an obvious duplicate with a 409
 * without touching the database.
 */
export class Idempotency {
  constructor(
    private readonly dataSource: DataSource,
    private readonly kv: KeyValueStore,
    private readonly logger: Logger,
    private readonly options: IdempotencyOptions = {},
  ) {}

  async run(request: IdempotentRequest, handler: () => Promise<Outcome>): Promise<IdempotentResult> {
    if (!KEY_FORMAT.test(request.key)) throw badRequest('Idempotency-Key 格式不正确：8–128 位字母、数字或 _ . : -');
    const requestHash = createHash('sha256').update(JSON.stringify(request.body ?? null)).digest('hex');
    const recorded = await this.find(request);
    if (recorded) return this.replay(recorded, requestHash, request);

    const marker = `idem:${request.scope}:${request.key}`;
    if (!(await this.kv.setIfAbsent(marker, requestHash, IN_FLIGHT_TTL_MS))) {
      const committedMeanwhile = await this.find(request);
      if (committedMeanwhile) return this.replay(committedMeanwhile, requestHash, request);
      const running = await this.kv.get(marker);
      throw running !== null && running !== requestHash ? reused() : inFlight();
    }
    const renewal = setInterval(() => void this.kv.set(marker, requestHash, IN_FLIGHT_TTL_MS).catch(() => undefined), IN_FLIGHT_TTL_MS / 3);
    renewal.unref();
    const claim = new KeyClaim(request, requestHash, () => this.afterCommit(request));
    try {
      const outcome = await withTransactionParticipant(claim.join, handler);
      claim.close();
      await this.storeAnswer(claim, request, requestHash, outcome);
      return { ...outcome, replayed: false };
    } catch (error) {
      claim.close();
      if (!(error instanceof KeyHeldElsewhere)) throw error;
      const other = await this.find(request);
      if (other) return this.replay(other, requestHash, request);
      throw error;
    } finally {
      clearInterval(renewal);
      // Only a fast path: if the store is unreachable the marker lapses by itself, and the answer stands.
      await this.kv.delete(marker).catch(() => undefined);
    }
  }

  /** Deletes the keys older than the retention period (the scheduled job; `now` is given by the tests). */
  async purgeExpired(now: Date = new Date()): Promise<{ deleted: number }> {
    const cutoff = new Date(now.getTime() - IDEMPOTENCY_KEY_RETENTION_DAYS * 24 * 3600_000);
    const keys = this.dataSource.getRepository(IdempotencyKey);
    let deleted = 0;
    for (;;) {
      const batch = await keys.find({ select: { id: true }, where: { createdAt: LessThan(cutoff) }, order: { id: 'ASC' }, take: PURGE_BATCH });
      if (batch.length > 0) await inTransaction(this.dataSource, (em) => em.delete(IdempotencyKey, batch.map((row) => row.id)));
      deleted += batch.length;
      if (batch.length < PURGE_BATCH) return { deleted };
    }
  }

  private find(request: IdempotentRequest): Promise<IdempotencyKey | null> {
    return this.dataSource.getRepository(IdempotencyKey).findOneBy({ scope: request.scope, idempotencyKey: request.key });
  }

  private async replay(row: IdempotencyKey, requestHash: string, request: IdempotentRequest): Promise<IdempotentResult> {
    if (row.requestHash !== requestHash) throw reused();
    if (row.responseStatus !== null) return { status: row.responseStatus, body: fromJson(row.responseBody), replayed: true };
    // Seen before its transaction's work ended: only possible on the embedded database's one shared connection.
    if (row.transactionResult === null) throw inFlight();
    const committed = fromJson(row.transactionResult);
    return { status: request.status, body: request.rebuild ? await request.rebuild(committed) : committed, replayed: true };
  }

  private async storeAnswer(claim: KeyClaim, request: IdempotentRequest, requestHash: string, outcome: Outcome) {
    const answeredWithResult = !request.rebuild && outcome.status === request.status && outcome.body === claim.committed;
    if (claim.rowId && answeredWithResult) return;
    const answer = { responseStatus: outcome.status, responseBody: toJson(outcome.body) };
    try {
      await inTransaction(this.dataSource, async (em) => {
        if (claim.rowId) await em.update(IdempotencyKey, { id: claim.rowId }, answer);
        // The handler wrote nothing: the answer alone is the record.
        else await em.insert(IdempotencyKey, { scope: request.scope, idempotencyKey: request.key, requestHash, createdAt: new Date(), ...answer });
      });
    } catch (error) {
      // The effect is committed and the answer known: a retry rebuilds it from the committed row (or, when
      // nothing was written, runs again harmlessly), so this request still gets its answer.
      if (!isUniqueViolation(error)) this.logger.warn({ err: error, scope: request.scope }, 'could not store the answer of an idempotent request');
    }
  }

  private afterCommit(request: IdempotentRequest) {
    if (this.options.crashAfterCommitRoute === request.route) process.kill(process.pid, 'SIGKILL');
  }
}

/**
 * A request's claim on its key: the first transaction the request runs inserts the key row before its own
 * work and records what that work returned; later transactions of the same request leave it alone.
 */
class KeyClaim {
  private state: 'open' | 'claiming' | 'claimed' | 'closed' = 'open';
  rowId: string | null = null;
  committed: unknown;

  constructor(
    private readonly request: IdempotentRequest,
    private readonly requestHash: string,
    private readonly onCommit: () => void,
  ) {}

  readonly join = (): TransactionParticipant | undefined => {
    if (this.state !== 'open') return undefined;
    this.state = 'claiming';
    return {
      run: async (em, work) => {
        const rowId = await this.insertRow(em);
        const result = await work(em);
        await em.update(IdempotencyKey, { id: rowId }, { transactionResult: JSON.stringify(result ?? null) });
        this.rowId = rowId;
        this.committed = result;
        return result;
      },
      settle: (committed) => {
        if (this.state !== 'claiming') return;
        this.state = committed ? 'claimed' : 'open';
        if (!committed) this.rowId = null;
        else this.onCommit();
      },
    };
  };

  /** After the handler: a transaction started later (background work) must not take the key. */
  close() {
    if (this.state !== 'claimed') this.state = 'closed';
  }

  private async insertRow(em: EntityManager): Promise<string> {
    try {
      const { identifiers } = await em.insert(IdempotencyKey, {
        scope: this.request.scope,
        idempotencyKey: this.request.key,
        requestHash: this.requestHash,
        createdAt: new Date(),
      });
      return String(identifiers[0].id);
    } catch (error) {
      // Taken by a committed attempt, or still held by a running one after the database's lock wait.
      if (isUniqueViolation(error) || (error as { code?: string }).code === 'ER_LOCK_WAIT_TIMEOUT') throw new KeyHeldElsewhere();
      throw error;
    }
  }
}
