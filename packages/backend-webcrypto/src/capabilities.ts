/**
 * Capabilities of the WebCrypto of this runtime, probed once by really calling it (noble's isSupported pattern):
 * curves and Ed25519/X25519 vary between runtimes and versions.
 */
import { HASHES, KEY_SPECS, type Capabilities, type EcCurve, type EcdhCurve, type KeySpec } from '@cryptoplug/core';
import { getSubtle } from './subtle.js';
import { gcmIvBounds } from './aes.js';

async function works(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch {
    return false;
  }
}

/** Smallest and largest AES-GCM IV length (bytes) this WebCrypto accepts, by trying a few (then bisecting the edge). */
async function probeGcmIv(subtle: SubtleCrypto): Promise<{ min: number; max: number }> {
  const key = await subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', false, ['encrypt']);
  const ok = (n: number) => works(() => subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(n) }, key, new Uint8Array(1)));
  let min = 1;
  if (!(await ok(1))) {
    min = 12;
    for (const n of [2, 4, 8, 11]) if (await ok(n)) { min = n; break; }
  }
  let max = 4096;
  if (!(await ok(4096))) {
    let lo = 12;
    let hi = 4096; // ok(lo) && !ok(hi)
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (await ok(mid)) lo = mid;
      else hi = mid;
    }
    max = lo;
  } else {
    max = Number.MAX_SAFE_INTEGER;
  }
  return { min, max };
}

export async function probeCapabilities(): Promise<Capabilities> {
  const subtle = getSubtle();
  Object.assign(gcmIvBounds, await probeGcmIv(subtle));
  const curves: EcCurve[] = [];
  for (const c of ['P-256', 'P-384', 'P-521'] as const) {
    if (await works(() => subtle.generateKey({ name: 'ECDSA', namedCurve: c }, false, ['sign']))) curves.push(c);
  }
  const ecdhCurves: EcdhCurve[] = [];
  for (const c of ['P-256', 'P-384', 'P-521'] as const) {
    if (await works(() => subtle.generateKey({ name: 'ECDH', namedCurve: c }, false, ['deriveBits']))) ecdhCurves.push(c);
  }
  if (await works(() => subtle.generateKey({ name: 'X25519' }, false, ['deriveBits']))) ecdhCurves.push('X25519');
  const ed25519 = await works(() => subtle.generateKey({ name: 'Ed25519' }, false, ['sign']));
  const hashes = [...HASHES];
  const generateKey: KeySpec[] = KEY_SPECS.filter((s) =>
    s.startsWith('rsa-') ? true : s === 'ed25519' ? ed25519 : s === 'x25519' ? ecdhCurves.includes('X25519') : curves.includes(`P-${s.slice(4)}` as EcCurve),
  );
  return Object.freeze({
    ecdsa: { curves, hashes },
    rsaPkcs1: { hashes },
    rsaPss: { hashes },
    ed25519,
    ecdh: { curves: ecdhCurves },
    rsaOaep: { hashes, label: true },
    digest: hashes,
    hmac: hashes,
    aesGcm: true,
    aesCbc: true,
    aesKw: true,
    hkdf: hashes,
    pbkdf2: hashes,
    random: true,
    generateKey,
  });
}
