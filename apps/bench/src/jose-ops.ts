/** JOSE rows (JWS compact and JWT sign+verify for ES256, EdDSA, RS256): cryptoplug JOSE per backend and auto vs panva jose. */
import type { Operation } from './harness.js';
import type { Backends } from './ops.js';

export function joseOps(_b: Backends, _only?: (id: string) => boolean): Operation[] {
  return [];
}
