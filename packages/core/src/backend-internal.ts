/**
 * `@cryptoplug/core/backend-internal` — for backend implementations; **not a public API** (no stability promise, and
 * nothing here is meant for application code).
 *
 * `keyMaterial(key)` gives a backend the validated material of a `PrivateKey` / `PublicKey` (frozen object; its byte
 * arrays are the key's own and must not be written to). Applications export keys deliberately with `exportRaw`,
 * `exportDer`, `exportPem` or `jwkFromKey` from `@cryptoplug/core`.
 */
export { keyMaterial, type PrivateMaterial, type PublicMaterial } from './keys/material.js';
