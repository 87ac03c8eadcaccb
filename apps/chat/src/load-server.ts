/** Child process of the load script: a chat server on a fresh data dir; prints one JSON line, then serves until stdin closes. */
import { runServer } from './run.js';

const [dataDir, databaseUrl] = process.argv.slice(2);
const s = await runServer({ dataDir: dataDir!, ...(databaseUrl ? { databaseUrl } : {}), web: false });
process.stdout.write(JSON.stringify({ url: s.url, directoryKey: s.directoryPublicKey, operatorToken: s.operatorToken, pid: process.pid }) + '\n');
process.stdin.resume();
process.stdin.on('end', () => void s.close().then(() => process.exit(0)));
