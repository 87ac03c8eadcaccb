/**
 * Where key material lives: a module-private WeakMap from key object to its frozen material, so a key object carries
 * no `material` property (user code cannot read or replace a private scalar through the key, and `JSON.stringify` /
 * `util.inspect` of a key show none). This module is not a package subpath; {@link keyMaterial} is re-exported only
 * by `@cryptoplug/core/backend-internal`, for backend implementations (and core's own encoders).
 */
import type { EcCurve, OkpCurve } from '../names.js';
import { KeyInvalidError } from '../errors.js';

export type PublicMaterial =
  | { readonly kty: 'EC'; readonly curve: EcCurve; readonly x: Uint8Array; readonly y: Uint8Array }
  | { readonly kty: 'OKP'; readonly curve: OkpCurve; readonly x: Uint8Array }
  | { readonly kty: 'RSA'; readonly n: Uint8Array; readonly e: Uint8Array };

export type PrivateMaterial =
  | { readonly kty: 'EC'; readonly curve: EcCurve; readonly x: Uint8Array; readonly y: Uint8Array; readonly d: Uint8Array }
  | { readonly kty: 'OKP'; readonly curve: OkpCurve; readonly x: Uint8Array; readonly d: Uint8Array }
  | {
      readonly kty: 'RSA';
      readonly n: Uint8Array;
      readonly e: Uint8Array;
      readonly d: Uint8Array;
      readonly p: Uint8Array;
      readonly q: Uint8Array;
      readonly dp: Uint8Array;
      readonly dq: Uint8Array;
      readonly qi: Uint8Array;
    };

const materials = new WeakMap<object, PublicMaterial | PrivateMaterial>();

/** Called once by the key constructors (a key's material can never be replaced). */
export function attachMaterial(key: object, material: PublicMaterial | PrivateMaterial): void {
  if (materials.has(key)) throw new KeyInvalidError('key material is already set');
  materials.set(key, Object.freeze({ ...material }));
}

/**
 * The material of a key — for backend implementations; **not a public API**. The object is frozen; its byte arrays
 * are the key's own (no copy per call, so hot paths stay a WeakMap lookup) and must never be written to. User code
 * exports key material deliberately with `exportRaw` / `exportDer` / `jwkFromKey`.
 */
export function keyMaterial(key: { readonly type: 'private' }): PrivateMaterial;
export function keyMaterial(key: { readonly type: 'public' }): PublicMaterial;
export function keyMaterial(key: { readonly type: 'private' | 'public' }): PublicMaterial | PrivateMaterial;
export function keyMaterial(key: object): PublicMaterial | PrivateMaterial {
  const m = materials.get(key);
  if (!m) throw new KeyInvalidError('not a cryptoplug key (use importKey)');
  return m;
}
