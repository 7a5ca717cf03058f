import type { Reporter } from '../reporter.js';

export interface CommandContext {
  reporter: Reporter;
  out: NodeJS.WritableStream;
}
