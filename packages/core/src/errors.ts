/**
 * Typed errors. Every failure a caller can see is a {@link CryptoplugError} with a stable `code` and a one-line
 * message; the underlying failure, if any, is kept as `cause` (never swallowed).
 *
 * Outcome rules of the contract (see README "Errors and outcomes"):
 * - `verify()` returns `false` for a well-formed signature that does not match (wrong key, tampered data,
 *   r/s out of range, RSA signature value that does not decode).
 * - it throws `ERR_SIGNATURE_MALFORMED` when the signature cannot be a signature of that algorithm at all
 *   (P1363 or Ed25519 signature of the wrong length, DER that is not strict DER, RSA signature longer than the modulus).
 * - malformed keys throw `ERR_KEY_INVALID`; a key that does not fit the algorithm throws `ERR_KEY_ALG_MISMATCH`;
 *   an algorithm, curve, hash or size the backend cannot do throws `ERR_UNSUPPORTED`; decryption failures of any
 *   kind throw `ERR_DECRYPTION_FAILED` with one fixed message (no padding oracle through messages).
 */
/** Every error code: `ERR_` and a stable name. Each package's codes form a closed set of their own. */
export type ErrorCode = `ERR_${string}`;

/** The codes core itself raises (a closed set). */
export const CORE_ERROR_CODES = /* @__PURE__ */ Object.freeze([
  'ERR_UNSUPPORTED',
  'ERR_KEY_INVALID',
  'ERR_KEY_ALG_MISMATCH',
  'ERR_KEY_USAGE',
  'ERR_KEY_PASSPHRASE',
  'ERR_INPUT_INVALID',
  'ERR_SIGNATURE_MALFORMED',
  'ERR_SIGNATURE_INVALID',
  'ERR_DECRYPTION_FAILED',
  'ERR_BACKEND_UNAVAILABLE',
  'ERR_OPERATION_FAILED',
  'ERR_LIMIT_EXCEEDED',
  'ERR_INPUT_TOO_LARGE',
] as const);

export type CoreErrorCode = (typeof CORE_ERROR_CODES)[number];

/** Core's codes (closed). Packages above core type their own codes (JoseErrorCode, EtampErrorCode, ...). */
export type CryptoplugErrorCode = CoreErrorCode;

function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/**
 * Base class of every cryptoplug error. `C` is the error's code type: each subclass fixes it to its literal code, so a
 * union of classes (core's {@link AnyCryptoplugError}, jose's `AnyJoseError`...) can be switched over exhaustively.
 */
export class CryptoplugError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(oneLine(message), options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
  }
}

/** The constructor of an error class with a fixed code: `new X(message, { cause })`. */
export type CryptoplugErrorClass<E extends CryptoplugError = CryptoplugError> = new (message: string, options?: { cause?: unknown }) => E;

/**
 * A subclass of `Base` (default {@link CryptoplugError}) with the fixed `code` and the class name `name` (kept as the
 * errors' `name` even in minified bundles). One small factory instead of a class body per code: error classes sit in
 * every bundle, so this keeps them small; `instanceof`, `name`, `code`, `cause` and the message rules are unchanged.
 */
/* @__NO_SIDE_EFFECTS__ */
export function errorClass<C extends ErrorCode, E extends CryptoplugError<C> = CryptoplugError<C>>(
  code: C,
  name: string,
  Base: new (code: C, message: string, options?: { cause?: unknown }) => E = CryptoplugError as never,
): CryptoplugErrorClass<E> {
  const Class = class extends (Base as new (code: C, message: string, options?: { cause?: unknown }) => CryptoplugError<C>) {
    constructor(message: string, options?: { cause?: unknown }) {
      super(code, message, options);
    }
  };
  Object.defineProperty(Class, 'name', { value: name });
  return Class as unknown as CryptoplugErrorClass<E>;
}

/** The backend (or this runtime) cannot perform the requested algorithm, curve, hash, size or format. */
export const UnsupportedError = /* @__PURE__ */ errorClass('ERR_UNSUPPORTED', 'UnsupportedError');
export type UnsupportedError = CryptoplugError<'ERR_UNSUPPORTED'>;

/** Key material is malformed, inconsistent, or not a key of any type cryptoplug knows. */
export const KeyInvalidError = /* @__PURE__ */ errorClass('ERR_KEY_INVALID', 'KeyInvalidError');
export type KeyInvalidError = CryptoplugError<'ERR_KEY_INVALID'>;

/** A well-formed key used with an algorithm it does not belong to (RSA key for ECDSA, P-256 key with P-384 peer...). */
export const KeyAlgMismatchError = /* @__PURE__ */ errorClass('ERR_KEY_ALG_MISMATCH', 'KeyAlgMismatchError');
export type KeyAlgMismatchError = CryptoplugError<'ERR_KEY_ALG_MISMATCH'>;

/** A public key where a private key is needed (or a secret where an asymmetric key is needed). */
export const KeyUsageError = /* @__PURE__ */ errorClass('ERR_KEY_USAGE', 'KeyUsageError');
export type KeyUsageError = CryptoplugError<'ERR_KEY_USAGE'>;

/** Encrypted key without a passphrase, or a wrong passphrase. */
export const KeyPassphraseError = /* @__PURE__ */ errorClass('ERR_KEY_PASSPHRASE', 'KeyPassphraseError');
export type KeyPassphraseError = CryptoplugError<'ERR_KEY_PASSPHRASE'>;

/** A parameter that is not acceptable: wrong length IV, non-bytes data, bad salt length, unknown option... */
export const InputInvalidError = /* @__PURE__ */ errorClass('ERR_INPUT_INVALID', 'InputInvalidError');
export type InputInvalidError = CryptoplugError<'ERR_INPUT_INVALID'>;

/** A signature that cannot be a signature of the algorithm (length, DER structure). Well-formed mismatches are `false`. */
export const SignatureMalformedError = /* @__PURE__ */ errorClass('ERR_SIGNATURE_MALFORMED', 'SignatureMalformedError');
export type SignatureMalformedError = CryptoplugError<'ERR_SIGNATURE_MALFORMED'>;

/** A signature that is well-formed but does not verify, where a caller needs an error rather than `false` (CLI, JOSE). */
export class SignatureInvalidError extends CryptoplugError<'ERR_SIGNATURE_INVALID'> {
  constructor(message = 'signature verification failed', options?: { cause?: unknown }) {
    super('ERR_SIGNATURE_INVALID', message, options);
  }
}

/** Every decryption failure (padding, tag, label, length) has this one message, on purpose. */
export class DecryptionFailedError extends CryptoplugError<'ERR_DECRYPTION_FAILED'> {
  static readonly MESSAGE = 'decryption failed';
  constructor(options?: { cause?: unknown }) {
    super('ERR_DECRYPTION_FAILED', DecryptionFailedError.MESSAGE, options);
  }
}

/** A backend that cannot load in this runtime (node:crypto in a browser). */
export const BackendUnavailableError = /* @__PURE__ */ errorClass('ERR_BACKEND_UNAVAILABLE', 'BackendUnavailableError');
export type BackendUnavailableError = CryptoplugError<'ERR_BACKEND_UNAVAILABLE'>;

/** The underlying library failed in a way not covered above. The original error is the `cause`. */
export const OperationFailedError = /* @__PURE__ */ errorClass('ERR_OPERATION_FAILED', 'OperationFailedError');
export type OperationFailedError = CryptoplugError<'ERR_OPERATION_FAILED'>;

/**
 * An input asks for more work than the caller allows (KDF iterations or memory of an encrypted key, the PBES2 budget
 * of a JWE, JSON nesting depth). Checked before the work starts; the message names the option that raises the limit.
 */
export const LimitExceededError = /* @__PURE__ */ errorClass('ERR_LIMIT_EXCEEDED', 'LimitExceededError');
export type LimitExceededError = CryptoplugError<'ERR_LIMIT_EXCEEDED'>;

/** An input larger than the size cap in force (CLI `--max-input`, the JSON size guard); the rest is not read. */
export const InputTooLargeError = /* @__PURE__ */ errorClass('ERR_INPUT_TOO_LARGE', 'InputTooLargeError');
export type InputTooLargeError = CryptoplugError<'ERR_INPUT_TOO_LARGE'>;

export function isCryptoplugError(e: unknown): e is CryptoplugError {
  return e instanceof CryptoplugError;
}

/** The closed union of core's errors: a `switch (e.code)` over it is exhaustive. */
export type AnyCryptoplugError =
  | UnsupportedError
  | KeyInvalidError
  | KeyAlgMismatchError
  | KeyUsageError
  | KeyPassphraseError
  | InputInvalidError
  | SignatureMalformedError
  | SignatureInvalidError
  | DecryptionFailedError
  | BackendUnavailableError
  | OperationFailedError
  | LimitExceededError
  | InputTooLargeError;
