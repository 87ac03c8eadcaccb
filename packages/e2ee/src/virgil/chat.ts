/**
 * The IP-messaging chat model of Virgil's quick-start (encrypt-then-sign):
 *
 *   { "message": base64(Virgil ciphertext), "sign": base64(Virgil signature over the base64 text of "message") }
 *
 * The sender encrypts the text for every channel member, then signs the base64 string it will send (its ASCII bytes);
 * a receiver verifies that signature with the sender's public key first and only then decrypts. Unlike the Python
 * sample (which prints a warning and decrypts anyway), an invalid signature is an error here.
 */
import { InputInvalidError, SignatureInvalidError, base64, fromBase64, fromUtf8, parseJsonGuarded, utf8, type PrivateKey, type PublicKey } from '@cryptoplug/core';
import { MalformedError } from '../errors.js';
import type { DecryptOptions, EncryptOptions, Recipient, VirgilCodec } from './codec.js';

export interface ChatMessage {
  /** base64 of the Virgil ciphertext. */
  readonly message: string;
  /** base64 of the Virgil signature over the ASCII bytes of `message`. */
  readonly sign: string;
}

export async function encryptThenSign(
  codec: VirgilCodec,
  text: string | Uint8Array,
  recipients: Recipient | readonly Recipient[],
  sender: PrivateKey,
  options: EncryptOptions = {},
): Promise<ChatMessage> {
  const data = typeof text === 'string' ? utf8(text) : text;
  const message = base64(await codec.encrypt(data, recipients, options));
  const signature = await codec.sign(utf8(message), sender);
  return { message, sign: base64(signature) };
}

/** Parses a chat message model from an object or its JSON text. */
export function parseChatMessage(input: unknown): ChatMessage {
  let value = input;
  if (typeof input === 'string') {
    value = parseJsonGuarded(input, { what: 'chat message', invalid: (cause) => new MalformedError('chat message is not JSON', { cause }) });
  }
  if (typeof value !== 'object' || value === null) throw new MalformedError('chat message must be an object { message, sign }');
  const { message, sign } = value as { message?: unknown; sign?: unknown };
  if (typeof message !== 'string' || typeof sign !== 'string') throw new MalformedError('chat message needs string fields "message" and "sign"');
  return { message, sign };
}

/** Verifies the sender's signature over `message`, then decrypts it. Returns the plaintext bytes. */
export async function verifyThenDecrypt(
  codec: VirgilCodec,
  model: ChatMessage | string,
  sender: PublicKey | PrivateKey,
  recipient: PrivateKey,
  options: DecryptOptions = {},
): Promise<Uint8Array> {
  const { message, sign } = parseChatMessage(model);
  let signature: Uint8Array;
  let ciphertext: Uint8Array;
  try {
    signature = fromBase64(sign);
    ciphertext = fromBase64(message);
  } catch (cause) {
    throw new MalformedError('chat message fields must be base64', { cause });
  }
  if (!(await codec.verify(utf8(message), signature, sender))) {
    throw new SignatureInvalidError('the chat message signature is not valid for the sender key');
  }
  return codec.decrypt(ciphertext, recipient, options);
}

/** {@link verifyThenDecrypt} for text messages (UTF-8). */
export async function verifyThenDecryptText(
  codec: VirgilCodec,
  model: ChatMessage | string,
  sender: PublicKey | PrivateKey,
  recipient: PrivateKey,
  options: DecryptOptions = {},
): Promise<string> {
  const bytes = await verifyThenDecrypt(codec, model, sender, recipient, options);
  try {
    return fromUtf8(bytes);
  } catch (cause) {
    throw new InputInvalidError('the decrypted message is not UTF-8 text', { cause });
  }
}
