/**
 * The exit tests' child process: a script run as `node --import tsx --input-type=module -e SCRIPT` in this package (a
 * flag set the pool's workers inherit), which must end on its own — a live or parked pool worker must not keep it
 * alive. Returns its stdout after asserting that it exited by itself with status 0.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Script lines that define `key` (an Ed25519 public key imported by core), `data` and `sig` (a valid signature). */
export const ED25519_SIGNED = `
      const { importKey } = await import('@cryptoplug/core');
      const { generateKeyPairSync, sign } = await import('node:crypto');
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const key = importKey(publicKey.export({ format: 'der', type: 'spki' }), { format: 'der' });
      const data = new Uint8Array(32);
      const sig = new Uint8Array(sign(null, data, privateKey));`;

export function runModuleChild(script: string): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000, cwd: fileURLToPath(new URL('..', import.meta.url)) });
  assert.equal(r.signal, null, 'exited on its own (not killed by the timeout)');
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}
