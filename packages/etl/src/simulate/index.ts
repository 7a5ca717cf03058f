// @spindle/etl/simulate: demo and test production DBs, kept out of the main entry
// so an application that runs the ETL does not load a simulator it never uses.
export { LiveFleet } from './live-fleet.js';
export { sampleFleet } from './machine-profile.js';
export { simulateFleet, type SimulateFleetOptions } from './simulate-fleet.js';
