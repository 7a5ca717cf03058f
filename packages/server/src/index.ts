// The public surface of @spindle/server.
export { createServer, specPath, type ServerOptions, type SpindleServer } from './create-server.js';
export { createPool, isUnavailable, type PoolOptions } from './db/pool.js';
