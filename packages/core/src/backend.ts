/**
 * defineBackend(): turns a backend's raw operations into the validated {@link Backend} API. Every check lives in core,
 * once (the webcrypto-core "check, then the backend's work" template), so all backends reject the same bad inputs the
 * same way and produce the same output shapes.
 *
 * The checks are split per operation family (`ops/signature.ts`, `ops/ecdh.ts`, `ops/oaep.ts`, `ops/hash.ts`,
 * `ops/kdf.ts`, `ops/aes.ts`, `ops/random.ts`, `ops/keygen.ts`; shared plumbing in `ops/context.ts`).
 * `defineBackend(impl)` composes all of them — the full contract, exactly the checks and errors it always had.
 * `composeBackend(impl, families)` composes only the families given, for builds that do one job (a JWS-only or a
 * JWE-only bundle): the operations of the other families are ERR_UNSUPPORTED without touching the backend, and their
 * checks are not in the bundle; such a backend's `supports` answers with the capability answers of its families only
 * (each family module owns the answers for its operations). `supportsQuery` (below) answers every capability question.
 */
import type { Backend, BackendImpl, Capabilities, CapabilityQuery } from './contract.js';
import { CryptoplugError, OperationFailedError, UnsupportedError } from './errors.js';
import type { FamilyQueries, OperationFamily, OpsContext } from './ops/context.js';
import { signOps, signatureOps, verifyOps } from './ops/signature.js';
import { ecdhOps, ecdhOpsBackendPairCheck } from './ops/ecdh.js';
import { oaepOps } from './ops/oaep.js';
import { hashOps } from './ops/hash.js';
import { kdfOps } from './ops/kdf.js';
import { aesOps } from './ops/aes.js';
import { randomOps } from './ops/random.js';
import { keygenOps } from './ops/keygen.js';

export { HASH_SIZE, type OperationFamily, type OpsContext } from './ops/context.js';
export { signatureQuery } from './ops/signature.js';
export { signatureOps, signOps, verifyOps, ecdhOps, ecdhOpsBackendPairCheck, oaepOps, hashOps, kdfOps, aesOps, randomOps, keygenOps };

/**
 * Answers any capability question from a backend's capabilities (every family's answers: the operation family modules
 * own them, `ops/*.ts` `queries`). A backend from `composeBackend` answers only for the families it was given.
 */
export function supportsQuery(caps: Capabilities, q: CapabilityQuery): boolean {
  return answer(ALL_QUERIES, caps, q);
}

type AnyAnswer = (caps: Capabilities, q: CapabilityQuery) => boolean;

function answer(answers: FamilyQueries, caps: Capabilities, q: CapabilityQuery): boolean {
  const a = Object.hasOwn(answers, q.op) ? (answers[q.op] as AnyAnswer | undefined) : undefined;
  return a !== undefined && a(caps, q);
}

/** The capability answers of the given families, by query `op`. */
function queriesOf(families: readonly OperationFamily[]): FamilyQueries {
  const out: Record<string, unknown> = {};
  for (const f of families) Object.assign(out, f.queries);
  return out as FamilyQueries;
}

/** The operations of the validated API (everything but `name`, `capabilities`, `supports`), space-separated. */
const OPERATION_NAMES = 'sign verify verifyMany deriveSharedSecret oaepEncrypt oaepDecrypt digest hmac hmacVerify aesGcmEncrypt aesGcmDecrypt aesCbcEncrypt aesCbcDecrypt aesKwWrap aesKwUnwrap hkdf pbkdf2 randomBytes generateKey';
type Words<S extends string> = S extends `${infer W} ${infer Rest}` ? W | Words<Rest> : S;
type Listed = Words<typeof OPERATION_NAMES>;
const OPERATIONS = OPERATION_NAMES.split(' ') as Listed[];
/** Compile-time checks that OPERATION_NAMES lists every operation of the contract (a new one must be added above) and nothing else. */
type MissingOperation = Exclude<keyof Backend, 'name' | 'capabilities' | 'supports' | Listed>;
type AssertNone<T extends never> = T;
type _EveryOperationListed = AssertNone<MissingOperation>;
type _OnlyOperationsListed = AssertNone<Exclude<Listed, keyof Backend>>;

/**
 * Wraps a backend's raw operations with the checks of the given operation families. An operation no family provides is
 * ERR_UNSUPPORTED (a rejected promise; `randomBytes` throws), before any input check: that family is not in this
 * build. The backend's `capabilities()` should then report the family as absent (empty lists, `false`).
 */
export function composeBackend(impl: BackendImpl, families: readonly OperationFamily[]): Backend {
  const name = impl.name;
  let caps: Capabilities | undefined;
  const capabilities = (): Capabilities => (caps ??= impl.capabilities());

  const wrap = (what: string, e: unknown): never => {
    if (e instanceof CryptoplugError) throw e;
    throw new OperationFailedError(`${name}: ${what} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  };

  /** The impl's methods, bound once by `method` (not a new bound function per operation). */
  const bound = new Map<keyof BackendImpl, unknown>();
  const answers = queriesOf(families);
  const supports = (q: CapabilityQuery): boolean => answer(answers, capabilities(), q);
  const backend = { name, capabilities, supports } as Record<string, unknown>;
  const ctx: OpsContext = {
    name,
    impl,
    self: backend as unknown as Backend,
    require(q, what) {
      if (!supports(q)) {
        throw new UnsupportedError(`${typeof what === 'function' ? what() : what} is not supported by the ${name} backend`);
      }
    },
    method(k) {
      let fn = bound.get(k);
      if (fn === undefined) {
        const own = impl[k];
        if (typeof own !== 'function') throw new UnsupportedError(`${String(k)} is not implemented by the ${name} backend`);
        bound.set(k, (fn = (own as (...a: unknown[]) => unknown).bind(impl)));
      }
      return fn as never;
    },
    fail: wrap,
    run(what, fn) {
      let r;
      try {
        r = fn();
      } catch (e) {
        return wrap(what, e);
      }
      return r instanceof Promise ? r.catch((e: unknown) => wrap(what, e)) : r;
    },
  };
  for (const family of families) Object.assign(backend, family(ctx));
  for (const op of OPERATIONS) {
    if (backend[op] !== undefined) continue;
    const unsupported = () => new UnsupportedError(`${op} is not in this build of the ${name} backend`);
    backend[op] =
      op === 'randomBytes'
        ? () => {
            throw unsupported();
          }
        : () => Promise.reject(unsupported());
  }
  return Object.freeze(backend) as unknown as Backend;
}

/** Every operation family: the full contract. */
export const ALL_FAMILIES: readonly OperationFamily[] = [signatureOps, ecdhOps, oaepOps, hashOps, kdfOps, aesOps, randomOps, keygenOps];
const ALL_QUERIES: FamilyQueries = /* @__PURE__ */ queriesOf(ALL_FAMILIES);

/** Wraps a backend's raw operations with core's validation, capability checks and error normalisation (every family). */
export function defineBackend(impl: BackendImpl): Backend {
  return composeBackend(impl, ALL_FAMILIES);
}
