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
  return router;
}

export function graphiqlPage(endpoint: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>chainkb — GraphiQL</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/assets/graphiql/graphiql.min.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/assets/react/react.production.min.js"></script>
  <script src="/assets/react-dom/react-dom.production.min.js"></script>
  <script src="/assets/graphiql/graphiql.min.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)} });
    const defaultQuery = '# chainkb: the knowledge graph of Ningbo\\'s industrial chains\\n{\\n  health { neo4jVersion edition }\\n}\\n';
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: true }),
    );
  </script>
</body>
</html>`;
}
