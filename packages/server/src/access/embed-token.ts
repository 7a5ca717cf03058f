import { createHmac, timingSafeEqual } from 'node:crypto';

/** The claims of an embed token: which machines it opens, until when. */
export interface EmbedClaims {
  /** Expiry, seconds since the epoch (JWT `exp`). */
  exp: number;
  /** Machine ids the token may read. */
  machines: string[];
  /** Who it was issued to; rate limits count per subject. */
  sub?: string;
}

const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** Signs a short-lived embed token (a JWT, HS256) for a portal page. */
export function signEmbedToken(claims: EmbedClaims, secret: string): string {
  const head = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64(JSON.stringify(claims));
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

/** The claims of a valid, unexpired token, or the reason it is refused. */
export function verifyEmbedToken(token: string, secret: string, now = Date.now()): EmbedClaims | { error: string } {
  const parts = token.split('.');
  if (parts.length !== 3) return { error: 'not a token' };
  const [head, body, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { error: 'bad signature' };
  let header: { alg?: string };
  let claims: Partial<EmbedClaims>;
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { error: 'not a token' };
  }
  if (header.alg !== 'HS256') return { error: 'unsupported algorithm' };
  if (typeof claims.exp !== 'number') return { error: 'no expiry' };
  if (claims.exp * 1000 <= now) return { error: 'expired' };
  if (!Array.isArray(claims.machines) || !claims.machines.every((m) => typeof m === 'string')) return { error: 'no machine list' };
  return { exp: claims.exp, machines: claims.machines, sub: typeof claims.sub === 'string' ? claims.sub : undefined };
}
