// @spindle/core/node: reading the fleet file from disk (Node only).
export { loadFleetConfig } from './config/load-config.js';
