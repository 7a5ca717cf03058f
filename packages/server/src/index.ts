// The public surface of @spindle/server.
export { createServer, specPath, type ServerOptions, type SpindleServer } from './create-server.js';
export { createPool, isUnavailable, type PoolOptions } from './db/pool.js';
export { signEmbedToken, verifyEmbedToken, type EmbedClaims } from './access/embed-token.js';
export type { AccessOptions } from './access/access-control.js';
export { createGuardedServer, type ConnectionLimits } from './http/guarded-server.js';
