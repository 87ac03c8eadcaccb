/**
 * `verifyMany`'s batch plumbing (loaded on its first call by `signature.ts`, so a verifier that checks one signature
 * at a time does not carry it). Every item is checked before any is verified, by the same `prepareVerify` as a single
 * `verify` (whose per-key answers — key fit and capability — are kept per key, so a one-key batch asks them once).
 * Items core already answered (`false`) are left out of the backend's batch; the common batch has none, and goes to
 * the backend as the prepared array itself. A backend without its own `verifyMany` gets `verify` per item with bounded
 * concurrency.
 */
import type { Backend, VerifyItem } from '../contract.js';
import { InputInvalidError, OperationFailedError } from '../errors.js';
import { intInRange, type OpsContext } from './context.js';
import { loadDerCodec, wantsDer, type PrepareVerify } from './signature.js';

export async function verifyMany(
  { name, impl, method, run }: OpsContext,
  prepareVerify: PrepareVerify,
  items: Parameters<Backend['verifyMany']>[0],
  options: Parameters<Backend['verifyMany']>[1] = {},
): Promise<boolean[]> {
  if (!Array.isArray(items)) throw new InputInvalidError('verifyMany takes an array of items');
  const concurrency = options.concurrency ?? 64;
  intInRange(concurrency, 1, 65536, 'verifyMany concurrency');
  if (items.some((it) => wantsDer(it?.alg))) await loadDerCodec();
  const n = items.length;
  const prepared = new Array<VerifyItem | false>(n);
  let answered = 0;
  for (let i = 0; i < n; i++) {
    const it = items[i];
    if (typeof it !== 'object' || it === null) throw new InputInvalidError(`verifyMany item ${i} must be an object`);
    if ((prepared[i] = prepareVerify(it.alg, it.key, it.signature, it.data)) === false) answered++;
  }
  const results: boolean[] = new Array<boolean>(n).fill(false);
  if (answered === n) return results;
  const batch = impl.verifyMany;
  if (typeof batch === 'function') {
    const todo = answered === 0 ? (prepared as VerifyItem[]) : prepared.filter((p): p is VerifyItem => p !== false);
    const out = await run('verifyMany', () => batch.call(impl, todo));
    if (!Array.isArray(out) || out.length !== todo.length || out.some((v) => typeof v !== 'boolean')) {
      throw new OperationFailedError(`${name}: verifyMany returned a malformed result`);
    }
    for (let i = 0, j = 0; i < n; i++) if (prepared[i] !== false) results[i] = out[j++]!;
    return results;
  }
  const todo: Array<{ index: number; item: VerifyItem }> = [];
  prepared.forEach((p, index) => {
    if (p !== false) todo.push({ index, item: p });
  });
  const verifyOne = method('verify');
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const t = todo[next++]!;
      const ok = await run('verify', () => verifyOne(t.item.alg, t.item.key, t.item.signature, t.item.data));
      if (typeof ok !== 'boolean') throw new OperationFailedError(`${name}: verify returned a non-boolean`);
      results[t.index] = ok;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
  return results;
}
