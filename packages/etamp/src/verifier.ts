/** A verifier that keeps its options and a replay store across messages (the strong profile's usual form). */
import { MemoryReplayStore, type ReplayStore } from './replay.js';
import { verifyEtamp, type VerifiedEtamp, type VerifyEtampOptions } from './verify.js';

export interface EtampVerifier {
  readonly replayStore: ReplayStore | null;
  /** Verifies one message; per-call options (e.g. `now`) override the verifier's. */
  verify(message: unknown, overrides?: Partial<Omit<VerifyEtampOptions, 'replayStore'>>): Promise<VerifiedEtamp>;
}

/**
 * `replayStore` defaults to a bounded in-memory store (`new MemoryReplayStore()`) for both profiles; pass your own
 * (shared across processes) or `null` to opt out.
 */
export function createEtampVerifier(options: VerifyEtampOptions): EtampVerifier {
  const replayStore = options.replayStore === undefined ? new MemoryReplayStore() : options.replayStore;
  const base: VerifyEtampOptions = { ...options, replayStore };
  return {
    replayStore,
    verify: (message, overrides = {}) => verifyEtamp(message, { ...base, ...overrides, replayStore }),
  };
}
