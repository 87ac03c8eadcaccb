/** The load script in short form: every message delivered exactly once to every member's socket, none lost. */
import assert from 'node:assert/strict';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';
import { runLoad } from '../src/load.js';
import { pgliteTemplate, tempDir } from './helpers.js';

it('load (short form): 8 users, 2 channels of 4, 60 messages over WebSocket, each delivered exactly once', async () => {
  const dir = await tempDir();
  try {
    await cp(await pgliteTemplate(), join(dir.path, 'pglite'), { recursive: true });
    const r = await runLoad({ users: 8, channels: 2, members: 4, messages: 60, dataDir: dir.path, log: (l) => console.log(`# ${l}`) });
    assert.equal(r.messages, 60);
    assert.equal(r.expectedDeliveries, 60 * 4);
    assert.equal(r.lost, 0);
    assert.equal(r.duplicates, 0);
    assert.equal(r.deliveries, r.expectedDeliveries);
  } finally {
    await dir.remove();
  }
});
