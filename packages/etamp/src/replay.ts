/**
 * Replay protection: a store of message `Id`s already accepted. Pluggable (a shared database for a cluster); the
 * default keeps a bounded map in memory.
 *
 * Entries only need to live until the message could no longer be accepted anyway (`exp`, or `nbf + maxAge`, plus the
 * clock tolerance): verification passes that instant as `expiresAt`, so a bounded store forgets nothing it still needs.
 */
import { InputInvalidError } from '@cryptoplug/core';
import { EtampError } from './errors.js';

export interface ReplayStore {
  /**
   * Records `id` as seen until `expiresAt` (seconds since the epoch) and returns true — atomically — or returns false
   * when `id` is already recorded and not yet expired at `now` (a replay). May throw `ERR_ETAMP_REPLAY_STORE_FULL`.
   */
  remember(id: string, expiresAt: number, now: number): boolean | Promise<boolean>;
}

export interface MemoryReplayStoreOptions {
  /** Most ids kept at once (default 100 000). */
  readonly maxEntries?: number;
}

/**
 * In-memory store for one process. When it is full of ids that have not expired it refuses new messages
 * (`ERR_ETAMP_REPLAY_STORE_FULL`) rather than forget one that could then be replayed: fail closed.
 */
export class MemoryReplayStore implements ReplayStore {
  readonly maxEntries: number;
  readonly #seen = new Map<string, number>();

  constructor(options: MemoryReplayStoreOptions = {}) {
    const max = options.maxEntries ?? 100_000;
    if (!Number.isSafeInteger(max) || max < 1) throw new InputInvalidError('maxEntries must be a positive integer');
    this.maxEntries = max;
  }

  get size(): number {
    return this.#seen.size;
  }

  remember(id: string, expiresAt: number, now: number): boolean {
    const known = this.#seen.get(id);
    if (known !== undefined && known >= now) return false;
    if (known !== undefined) this.#seen.delete(id);
    if (this.#seen.size >= this.maxEntries) this.prune(now);
    if (this.#seen.size >= this.maxEntries) {
      throw new EtampError('ERR_ETAMP_REPLAY_STORE_FULL', `the replay store holds ${this.maxEntries} unexpired message ids and accepts no more until some expire`);
    }
    this.#seen.set(id, expiresAt);
    return true;
  }

  /** Drops every id whose retention ended before `now`. */
  prune(now: number): void {
    for (const [id, expiresAt] of this.#seen) if (expiresAt < now) this.#seen.delete(id);
  }
}
