/**
 * @cryptoplug/chat — a self-hosted end-to-end encrypted chat (seed 003): key directory with self-signed cards
 * countersigned by the directory key, channels, live delivery over WebSocket, PGlite or PostgreSQL storage.
 */
export { ChatError, ChatRemoteError, CHAT_ERROR_CODES, CHAT_ERROR_STATUS, type ChatErrorCode } from './errors.js';
export * from './protocol.js';
export { openPglite, openPostgres, migrate, MIGRATIONS, type Db, type Queryable } from './db.js';
export { createChatServer, type ChatServer, type ChatServerOptions } from './server.js';
export { ChatClient, type ChatClientOptions, type Channel, type ReadMessage, type ChatSocket } from './client.js';
export { runServer, loadSecrets, openDb, defaultBackend, type RunOptions, type RunningServer } from './run.js';
export * as terminal from './terminal.js';
