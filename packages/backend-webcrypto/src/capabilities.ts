/**
 * Capabilities of the WebCrypto of this runtime, probed once by really calling it (noble's isSupported pattern):
 * curves and Ed25519/X25519 vary between runtimes and versions.
 */
import { HASHES, KEY_SPECS, type AesGcmIvBounds, type Capabilities, type EcCurve, type EcdhCurve, type HashName, type KeySpec } from '@cryptoplug/core';
import { getSubtle } from './subtle.js';

/** Whether `fn` resolves to anything but `false` (a probe: refusals and `false` answers are "no"). */
async function works(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    return (await fn()) !== false;
  } catch {
    return false;
  }
}

/**
 * Smallest and largest AES-GCM IV length (bytes) this WebCrypto accepts, by trying a few (then bisecting the edge);
 * no upper bound when 4096 bytes work.
 */
async function probeGcmIv(subtle: SubtleCrypto): Promise<AesGcmIvBounds> {
  const key = await subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', false, ['encrypt']);
  const ok = (n: number) => works(() => subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(n) }, key, new Uint8Array(1)));
  let min = 1;
  if (!(await ok(1))) {
    min = 12;
    for (const n of [2, 4, 8, 11]) if (await ok(n)) { min = n; break; }
  }
  const reason = "this runtime's WebCrypto (probed)";
  if (await ok(4096)) return { min, reason };
  let lo = 12;
  let hi = 4096; // ok(lo) && !ok(hi)
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (await ok(mid)) lo = mid;
    else hi = mid;
  }
  return { min, max: lo, reason };
}

/** What the signature families can do here: ECDSA curves (and single curve × hash pairs missing), Ed25519. RSA always. */
export async function probeSignatures(subtle: SubtleCrypto): Promise<Pick<Capabilities, 'ecdsa' | 'rsaPkcs1' | 'rsaPss' | 'ed25519'>> {
  const curves: EcCurve[] = [];
  const exclude: Array<{ curve: EcCurve; hash: HashName }> = [];
  const probeMessage = new Uint8Array([1, 2, 3]);
  for (const c of ['P-256', 'P-384', 'P-521'] as const) {
    let pair: CryptoKeyPair;
    try {
      pair = (await subtle.generateKey({ name: 'ECDSA', namedCurve: c }, false, ['sign', 'verify'])) as CryptoKeyPair;
    } catch {
      continue;
    }
    curves.push(c);
    // Some runtimes lack single curve × hash pairs (Deno: P-384 with SHA-1): sign and verify each pair once.
    for (const hash of HASHES) {
      const ok = await works(async () => subtle.verify({ name: 'ECDSA', hash }, pair.publicKey, await subtle.sign({ name: 'ECDSA', hash }, pair.privateKey, probeMessage), probeMessage));
      if (!ok) exclude.push({ curve: c, hash });
    }
  }
  const ed25519 = await works(() => subtle.generateKey({ name: 'Ed25519' }, false, ['sign']));
  const hashes = [...HASHES];
  return { ecdsa: { curves, hashes, exclude }, rsaPkcs1: { hashes }, rsaPss: { hashes }, ed25519 };
}

/** The AES modes' key sizes (Chromium has no 192-bit AES); also records the GCM IV bounds. */
export async function probeAes(subtle: SubtleCrypto): Promise<Pick<Capabilities, 'aesGcm' | 'aesGcmIv' | 'aesCbc' | 'aesKw' | 'aesKeySizes'>> {
  const aesGcmIv = await probeGcmIv(subtle);
  const aesKeySizes = [] as Array<128 | 192 | 256>;
  for (const bits of [128, 192, 256] as const) {
    if (await works(() => subtle.importKey('raw', new Uint8Array(bits / 8), 'AES-GCM', false, ['encrypt']))) aesKeySizes.push(bits);
  }
  return { aesGcm: true, aesGcmIv, aesCbc: true, aesKw: true, aesKeySizes };
}

/** ECDH curves (P-256/384/521, X25519). */
export async function probeEcdh(subtle: SubtleCrypto): Promise<Pick<Capabilities, 'ecdh'>> {
  const curves: EcdhCurve[] = [];
  for (const c of ['P-256', 'P-384', 'P-521'] as const) {
    if (await works(() => subtle.generateKey({ name: 'ECDH', namedCurve: c }, false, ['deriveBits']))) curves.push(c);
  }
  if (await works(() => subtle.generateKey({ name: 'X25519' }, false, ['deriveBits']))) curves.push('X25519');
  return { ecdh: { curves } };
}

/** The key specs WebCrypto can generate, given what the probes found (EC curves for ECDSA or ECDH, Ed25519, X25519). */
export function keySpecs(ecCurves: readonly EcCurve[], ed25519: boolean, ecdhCurves: readonly EcdhCurve[]): KeySpec[] {
  return KEY_SPECS.filter((s) =>
    s.startsWith('rsa-') ? true : s === 'ed25519' ? ed25519 : s === 'x25519' ? ecdhCurves.includes('X25519') : ecCurves.includes(`P-${s.slice(4)}` as EcCurve),
  );
}

/** What the non-signature families can do here (ECDH curves and AES as probed; OAEP, hashing and KDFs always). */
export function nonSignatureCapabilities(
  aes: Awaited<ReturnType<typeof probeAes>>,
  ecdh: Capabilities['ecdh'],
): Omit<Capabilities, 'ecdsa' | 'rsaPkcs1' | 'rsaPss' | 'ed25519' | 'generateKey'> {
  const hashes = [...HASHES];
  return { ecdh, rsaOaep: { hashes, label: true }, digest: hashes, hmac: hashes, ...aes, hkdf: hashes, pbkdf2: hashes, random: true };
}

/** Every family: the full backend's capabilities. */
export async function probeCapabilities(): Promise<Capabilities> {
  const subtle = getSubtle();
  const aes = await probeAes(subtle);
  const sig = await probeSignatures(subtle);
  const { ecdh } = await probeEcdh(subtle);
  return Object.freeze({
    ...sig,
    ...nonSignatureCapabilities(aes, ecdh),
    generateKey: keySpecs(sig.ecdsa.curves, sig.ed25519, ecdh.curves),
  });
}
