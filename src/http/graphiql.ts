import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';

/**
 * GraphiQL served entirely from our own node_modules, so the IDE works without internet
 * (Apollo's landing page loads its app from a CDN). React 18 and GraphiQL 3 ship UMD builds,
 * so no bundler is needed.
 */
const require = createRequire(import.meta.url);
const dirOf = (pkg: string) => path.dirname(require.resolve(`${pkg}/package.json`));

export function graphiqlAssets(): Router {
  const router = express.Router();
  const options = { maxAge: '7d', immutable: true, fallthrough: false };
  router.use('/react', express.static(path.join(dirOf('react'), 'umd'), options));
  router.use('/react-dom', express.static(path.join(dirOf('react-dom'), 'umd'), options));
  router.use('/graphiql', express.static(dirOf('graphiql'), options));
  router.get('/chainkb/graphiql-start.js', (_req, res) => {
    // Changes with the code, unlike the vendored files: revalidated (ETag) on every load.
    res.setHeader('cache-control', 'no-cache');
    res.type('js').send(START_SCRIPT);
  });
  return router;
}

/**
 * What the page runs once GraphiQL has loaded: a served file, not an inline script, so the
 * Content-Security-Policy needs no 'unsafe-inline' for scripts (see security-headers.ts). The
 * endpoint comes from the page (data-endpoint); the page's nonce goes to `__webpack_nonce__`,
 * which GraphiQL's bundled scroll-lock reads for the <style> elements it adds while a dialog is open.
 */
const START_SCRIPT = `'use strict';
window.__webpack_nonce__ = document.currentScript.nonce;
(function () {
  const root = document.getElementById('graphiql');
  const fetcher = GraphiQL.createFetcher({ url: root.dataset.endpoint });
  const defaultQuery = '# chainkb: the knowledge graph of Ningbo\\'s industrial chains\\n{\\n  health { neo4jVersion edition }\\n}\\n';
  ReactDOM.createRoot(root).render(React.createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: true }));
})();
`;

/** The GraphiQL page; `nonce` is this response's CSP nonce (security-headers.ts), for its inline style. */
export function graphiqlPage(endpoint: string, nonce: string): string {
  const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>chainkb — GraphiQL</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/assets/graphiql/graphiql.min.css">
  <style nonce="${attr(nonce)}">html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql" data-endpoint="${attr(endpoint)}">Loading GraphiQL…</div>
  <script src="/assets/react/react.production.min.js"></script>
  <script src="/assets/react-dom/react-dom.production.min.js"></script>
  <script src="/assets/graphiql/graphiql.min.js"></script>
  <script src="/assets/chainkb/graphiql-start.js" nonce="${attr(nonce)}"></script>
</body>
</html>`;
}
