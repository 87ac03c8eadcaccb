/**
 * Errors of the e2ee package. Every failure is a {@link CryptoplugError}; where a core code fits it is used
 * (`ERR_DECRYPTION_FAILED`, `ERR_SIGNATURE_INVALID`, `ERR_SIGNATURE_MALFORMED`, `ERR_UNSUPPORTED`,
 * `ERR_KEY_ALG_MISMATCH`...). The codes below are specific to envelopes; core's code union is closed, so they are cast
 * locally and listed here (and in the README).
 */
import { CryptoplugError, type CryptoplugErrorCode } from '@cryptoplug/core';

export type E2eeErrorCode =
  /** The envelope, chat message or header is not in the format (bad DER, bad magic, truncated, wrong version...). */
  | 'ERR_E2EE_MALFORMED'
  /** The private key given for decryption is not one of the message's recipients. */
  | 'ERR_E2EE_NOT_RECIPIENT'
  /** Verification was asked for, but the message carries no signature. */
  | 'ERR_E2EE_NOT_SIGNED';

export const E2EE_ERROR_CODES: readonly E2eeErrorCode[] = ['ERR_E2EE_MALFORMED', 'ERR_E2EE_NOT_RECIPIENT', 'ERR_E2EE_NOT_SIGNED'];

export class E2eeError extends CryptoplugError {
  constructor(code: E2eeErrorCode, message: string, options?: { cause?: unknown }) {
    super(code as unknown as CryptoplugErrorCode, message, options);
  }
}

export class MalformedError extends E2eeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_E2EE_MALFORMED', message, options);
  }
}

export class NotRecipientError extends E2eeError {
  constructor(message = 'the key is not one of the message recipients', options?: { cause?: unknown }) {
    super('ERR_E2EE_NOT_RECIPIENT', message, options);
  }
}

export class NotSignedError extends E2eeError {
  constructor(message = 'the message is not signed', options?: { cause?: unknown }) {
    super('ERR_E2EE_NOT_SIGNED', message, options);
  }
}
