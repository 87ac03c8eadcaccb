/**
 * Errors of the e2ee package. Every failure is a {@link CryptoplugError}; where a core code fits it is used
 * (`ERR_DECRYPTION_FAILED`, `ERR_SIGNATURE_INVALID`, `ERR_SIGNATURE_MALFORMED`, `ERR_UNSUPPORTED`,
 * `ERR_KEY_ALG_MISMATCH`...). The codes below are specific to envelopes, a closed set of their own (`AnyE2eeError`
 * switches exhaustively), listed here and in the README.
 */
import { CryptoplugError } from '@cryptoplug/core';

export type E2eeErrorCode =
  /** The envelope, chat message or header is not in the format (bad DER, bad magic, truncated, wrong version...). */
  | 'ERR_E2EE_MALFORMED'
  /** The private key given for decryption is not one of the message's recipients. */
  | 'ERR_E2EE_NOT_RECIPIENT'
  /** Verification was asked for, but the message carries no signature. */
  | 'ERR_E2EE_NOT_SIGNED';

export const E2EE_ERROR_CODES: readonly E2eeErrorCode[] = ['ERR_E2EE_MALFORMED', 'ERR_E2EE_NOT_RECIPIENT', 'ERR_E2EE_NOT_SIGNED'];

export class E2eeError<C extends E2eeErrorCode = E2eeErrorCode> extends CryptoplugError<C> {
  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export class MalformedError extends E2eeError<'ERR_E2EE_MALFORMED'> {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_E2EE_MALFORMED', message, options);
  }
}

export class NotRecipientError extends E2eeError<'ERR_E2EE_NOT_RECIPIENT'> {
  constructor(message = 'the key is not one of the message recipients', options?: { cause?: unknown }) {
    super('ERR_E2EE_NOT_RECIPIENT', message, options);
  }
}

export class NotSignedError extends E2eeError<'ERR_E2EE_NOT_SIGNED'> {
  constructor(message = 'the message is not signed', options?: { cause?: unknown }) {
    super('ERR_E2EE_NOT_SIGNED', message, options);
  }
}

/** The closed union of this package's errors, one member per code: a `switch (e.code)` over it is exhaustive. */
export type AnyE2eeError = { [C in E2eeErrorCode]: E2eeError<C> }[E2eeErrorCode];
