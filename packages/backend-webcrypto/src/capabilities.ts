/**
 * Capabilities of the WebCrypto of this runtime, probed once by really calling it (noble's isSupported pattern):
 * curves and Ed25519/X25519 vary between runtimes and versions.
 */
import { HASHES, KEY_SPECS, type Capabilities, type EcCurve, type EcdhCurve, type KeySpec } from '@cryptoplug/core';
import { getSubtle } from './subtle.js';

async function works(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch {
    return false;
  }
}

export async function probeCapabilities(): Promise<Capabilities> {
  const subtle = getSubtle();
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
