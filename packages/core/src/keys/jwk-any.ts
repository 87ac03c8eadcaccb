/**
 * JWK import for every key type, as the module `publicKeyFromJwkOnDemand` (jwk.ts) loads on first use for JWKs other
 * than EC and `oct` (OKP with its Ed25519 point checks, RSA with its modulus and exponent checks).
 */
export { publicKeyFromJwk } from './jwk.js';
