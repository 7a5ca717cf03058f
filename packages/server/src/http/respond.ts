import { hash } from 'node:crypto';
import type { Request, Response } from 'express';
import { toCsv } from './csv.js';

export interface ListBody {
  items: Record<string, unknown>[];
  next?: string | null;
}

/** The client asked for CSV: `?format=csv`, or an Accept header preferring text/csv. */
export function wantsCsv(req: Request): boolean {
  const format = req.query.format;
  if (format === 'csv') return true;
  if (format === 'json') return false;
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

/**
 * Sends a list as JSON or CSV with a strong ETag of the exact bytes; a matching
 * If-None-Match gets 304 without a body.
 */
export function sendList(req: Request, res: Response, body: ListBody, columns: readonly string[], cacheSeconds: number): void {
  const csv = wantsCsv(req);
  const payload = csv ? toCsv(body.items, columns) : JSON.stringify(body);
  const type = csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
  send(req, res, payload, type, cacheSeconds);
}

/**
 * RFC 9110 §13.1.2, weak comparison. Evaluated even with `Cache-Control: no-cache`,
 * which fetch() adds to every request that carries If-None-Match: the origin is the
 * one revalidating, so the condition still holds.
 */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}

function send(req: Request, res: Response, payload: string, type: string, cacheSeconds: number): void {
  const etag = `"${hash('sha1', type + payload, 'base64url')}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', `public, max-age=${cacheSeconds}`);
  res.vary('Accept');
  if (matches(req.get('If-None-Match'), etag)) {
    res.status(304).end();
    return;
  }
  // The body is final bytes with its type: node's end() is all that is needed.
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.end(payload);
}
