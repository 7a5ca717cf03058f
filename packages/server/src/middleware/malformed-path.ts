import { badRequest } from '../respond/http-error.js';

/**
 * A path whose percent-escapes do not decode to UTF-8 (`%ZZ`, a lone `%`, `%E0%A4%A`,
 * overlong `%c0%ae`) is a 400 naming the path, before anything else reads it.
 */
export function rejectMalformedPath(path: string): void {
  if (!path.includes('%')) return;
  try {
    decodeURIComponent(path);
  } catch {
    throw badRequest('the path is not valid percent-encoded UTF-8', [
      { name: 'path', in: 'path', message: 'percent-escapes must encode UTF-8 (e.g. %20, %C3%A9)' },
    ]);
  }
}
