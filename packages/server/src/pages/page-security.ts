import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * Security headers of the HTML pages (dashboard, Swagger UI), for helmet: a CSP
 * with scripts from this server only (no inline script, no eval), nosniff, and
 * `frame-ancestors` for portals that frame the dashboard (default only this
 * server). No HSTS and no `upgrade-insecure-requests`: plant servers often speak
 * plain HTTP, and TLS is the terminating proxy's business.
 */
export function pageSecurity(frameAncestors: readonly string[] = []): FastifyHelmetOptions {
  const ancestors = frameAncestors.length > 0 ? [...frameAncestors] : ["'self'"];
  const framedElsewhere = ancestors.some((a) => a !== "'self'");
  return {
    global: true,
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
  };
}
