import type { RequestHandler } from 'express';
import helmet from 'helmet';

export interface PageSecurityOptions {
  /** Origins allowed to frame the HTML pages (CSP `frame-ancestors`); default only this server. */
  frameAncestors?: readonly string[];
}

/**
 * Security headers for the HTML pages (dashboard, Swagger UI) through helmet: a
 * CSP with scripts from this server only (no inline script, no eval), nosniff,
 * and `frame-ancestors` for portals that frame the dashboard. No HSTS and no
 * `upgrade-insecure-requests`: plant servers often speak plain HTTP, and TLS is
 * the terminating proxy's business.
 */
export function pageSecurity(options: PageSecurityOptions = {}): RequestHandler {
  const ancestors = options.frameAncestors?.length ? [...options.frameAncestors] : ["'self'"];
  const framedElsewhere = ancestors.some((a) => a !== "'self'");
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        // Swagger UI and vega set style attributes.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'frame-ancestors': ancestors,
        'upgrade-insecure-requests': null,
      },
    },
    strictTransportSecurity: false,
    // X-Frame-Options knows only DENY and SAMEORIGIN; the CSP above says more.
    xFrameOptions: framedElsewhere ? false : { action: 'sameorigin' },
  }) as RequestHandler;
}
