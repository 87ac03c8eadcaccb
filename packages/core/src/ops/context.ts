/**
 * The plumbing every operation family of `defineBackend` shares: the capability gate, the backend's method lookup and
 * the error normalisation. `composeBackend` (backend.ts) makes one context per backend and hands it to each family
 * module (`ops/*.ts`); a family module only imports the checks it needs, so a backend assembled from fewer families
 * (e.g. a JWS-only build) carries only those checks.
 *
 * Also the small checks used by several families (key class, hash name, integer ranges).
 */
import type { Backend, BackendImpl, Capabilities, CapabilityQuery, HashName } from '../contract.js';
import { HASHES } from '../names.js';
import { CryptoplugError, DecryptionFailedError, InputInvalidError, KeyInvalidError, KeyUsageError, UnsupportedError } from '../errors.js';
import type { PrivateKey, PublicKey } from '../keys/key.js';
import { PrivateKey as PrivateKeyClass, PublicKey as PublicKeyClass } from '../keys/key.js';

export interface OpsContext {
  readonly name: string;
  readonly impl: BackendImpl;
  /** Capability gate; `what` is only rendered when the answer is no (this runs on every operation). */
  require(q: CapabilityQuery, what: string | (() => string)): void;
  /** The backend's method, bound; ERR_UNSUPPORTED when the backend does not implement it. */
  method<K extends keyof BackendImpl>(k: K): NonNullable<BackendImpl[K]>;
  /** Runs the backend's operation, normalising its errors; a synchronous result comes back without a promise. */
  run<T>(what: string, fn: () => Promise<T> | T): Promise<T> | T;
  /**
   * `run`'s error normalisation on its own, for an async operation that calls the backend inside `try` and awaits its
   * answer there: the same errors, without `run`'s `.catch` promise and closure per call (a promise hop per call is a
   * fair share of a fast operation: the promise, its reaction job, and the `then` lookup on the value it resolves to).
   */
  fail(what: string, e: unknown): never;
  /** The backend being assembled (for operations built on other operations, like `hmacVerify`). */
  readonly self: Backend;
}

/**
 * One operation family of the validated API: given the context, the checked operations it contributes. The families
 * core ships are `signatureOps`, `ecdhOps`, `oaepOps`, `hashOps`, `kdfOps`, `aesOps`, `randomOps` and `keygenOps`.
 */
export type OperationFamily = ((ctx: OpsContext) => Partial<Omit<Backend, 'name' | 'capabilities' | 'supports'>>) & {
  /**
   * How the family answers the capability questions of its operations (`supports`), from the backend's capabilities.
   * `composeBackend` answers only these: a question about an operation of a family it was not given is `false`, and
   * the answers of the families it leaves out are not in the bundle. (A plain function without it answers nothing.)
   */
  readonly queries?: FamilyQueries;
};

/** A family's capability answers, per query `op`. */
export type FamilyQueries = { readonly [Op in CapabilityQuery['op']]?: (caps: Capabilities, q: QueryOf<Op>) => boolean };

/** The capability question of one `op` (members like `{ op: 'digest' | 'hmac' }` narrowed to that op). */
type QueryOf<Op extends CapabilityQuery['op']> = CapabilityQuery extends infer Q ? (Q extends { op: infer O } ? (Op extends O ? Q & { op: Op } : never) : never) : never;

/** An operation family with its capability answers. */
/* @__NO_SIDE_EFFECTS__ */
export function family(queries: FamilyQueries, ops: (ctx: OpsContext) => Partial<Omit<Backend, 'name' | 'capabilities' | 'supports'>>): OperationFamily {
  return Object.assign(ops, { queries });
}

/**
 * A family's checked operations kept in a module of their own and loaded on first use: `onFirstUse(() =>
 * import('./x-checked.js'))` gives `withChecked(use)`, which loads the module once (the first callers wait for it) and
 * afterwards calls `use` directly, with no extra await. A build that composes the family but never runs the operation
 * does not carry the module. The `import()` stays in the family's own file, next to what it loads.
 */
/* @__NO_SIDE_EFFECTS__ */
export function onFirstUse<M>(load: () => Promise<M>): <R>(use: (m: M) => Promise<R>) => Promise<R> {
  let loaded: M | undefined;
  return (use) => (loaded !== undefined ? use(loaded) : load().then((m) => use((loaded = m))));
}

/**
 * Runs a backend's decryption: every failure becomes the one ERR_DECRYPTION_FAILED (no padding/tag/label oracle through
 * codes or messages) — except ERR_UNSUPPORTED, which depends only on the parameters (an IV length the library cannot
 * do), never on the ciphertext, so it reveals nothing and must not be reported as a wrong key or tampering. (A plain
 * function the decrypting families import, not a member of the context: builds without them do not carry it.)
 */
export async function decrypting<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof DecryptionFailedError || (e instanceof CryptoplugError && e.code === 'ERR_UNSUPPORTED')) throw e;
    throw new DecryptionFailedError({ cause: e });
  }
}

export const HASH_SIZE: Readonly<Record<HashName, number>> = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

export function assertHash(hash: unknown): asserts hash is HashName {
  if (!HASHES.includes(hash as HashName)) throw new UnsupportedError(`hash ${String(hash)} is not supported`);
}

export function asPrivate(key: unknown, what: string): PrivateKey {
  if (key instanceof PrivateKeyClass) return key;
  if (key instanceof PublicKeyClass) throw new KeyUsageError(`${what} needs a private key, got a public key`);
  throw new KeyInvalidError(`${what}: key must be a cryptoplug PrivateKey (use importKey)`);
}

export function asPublic(key: unknown, what: string): PublicKey {
  if (key instanceof PublicKeyClass) return key;
  if (key instanceof PrivateKeyClass) return key.publicKey();
  throw new KeyInvalidError(`${what}: key must be a cryptoplug PublicKey or PrivateKey (use importKey)`);
}

export function rsaBytes(key: PrivateKey | PublicKey): number {
  return Math.ceil(key.bits / 8);
}

export function intInRange(n: unknown, min: number, max: number, what: string): asserts n is number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new InputInvalidError(`${what} must be an integer in ${min}..${max}`);
  }
}
