import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Cytoscape.js inserts one fixed <style> element into the page it draws on
 * (`.__________cytoscape_container { position: relative; }`); its hash lets exactly that text in,
 * where 'unsafe-inline' would let any injected style in. Recompute it if a Cytoscape upgrade
 * changes the text: the explorer's e2e test fails on any CSP violation.
 */
const CYTOSCAPE_STYLESHEET = "'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='";

/** The per-response nonce, for the inline style (and the style elements GraphiQL adds) of the GraphiQL page. */
export function cspNonce(res: ServerResponse & { locals?: Record<string, unknown> }): string {
  return String(res.locals?.cspNonce ?? '');
}

const nonceSource = (_req: unknown, res: ServerResponse) => `'nonce-${cspNonce(res)}'`;

/**
 * Security headers on every response (helmet), with a Content Security Policy that the explorer
 * and GraphiQL work under: every script, style, font, worker and request comes from chainkb itself
 * (both pages are served offline from our own files), no inline script at all, and no framing.
 */
export function securityHeaders(): RequestHandler[] {
  const setNonce: RequestHandler = (_req, res, next) => {
    // 128 random bits: what CSP asks of a nonce; a fresh one per response so it cannot be guessed.
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  };
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", nonceSource, CYTOSCAPE_STYLESHEET],
        // data: for the explorer's empty favicon and GraphiQL's inlined icons and fonts; blob: for
        // the PNG export, which the explorer hands to the browser as a blob: URL.
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        // The explorer's layout worker is a same-origin script (js/layout/worker.js).
        workerSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // HSTS belongs to whoever terminates TLS for the whole host (a proxy): chainkb itself speaks
    // plain HTTP, and a year-long HSTS from it would bind every other service on that host name.
    strictTransportSecurity: false,
    // The same as frame-ancestors 'none', for browsers that only know the older header.
    xFrameOptions: { action: 'deny' },
  });
  return [setNonce, headers];
}
