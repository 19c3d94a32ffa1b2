import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';
import { projectRoot } from '../config.js';

/**
 * The graph explorer at /explore: plain HTML, CSS and ES modules from src/explorer/public (no
 * bundler; `tsc` compiles only .ts, so the browser files are served from the source tree, which
 * works both from dist/src/... (npm start) and src/... (vitest)), and Cytoscape.js from our own
 * node_modules, so the page works offline like GraphiQL does.
 */
const require = createRequire(import.meta.url);

export const explorerPublicDir = path.join(projectRoot, 'src', 'explorer', 'public');

export function explorerRouter(publicDir: string = explorerPublicDir): Router {
  const router = express.Router();
  // cytoscape's `exports` hide package.json; its minified UMD build is exported and sits in dist/.
  const cytoscapeDist = path.dirname(require.resolve('cytoscape/dist/cytoscape.min.js'));
  const vendor = { maxAge: '7d', immutable: true, fallthrough: false };
  router.use('/vendor/cytoscape', express.static(cytoscapeDist, vendor));
  // The fCoSE layout and the two packages it is built on, as UMD files for the layout worker's
  // importScripts (js/layout/worker.js). Each is resolved from the package that depends on it, so
  // this holds however npm nests them.
  for (const [name, file] of layoutScripts()) {
    router.get(`/vendor/${name}/${path.basename(file)}`, (_req, res, next) => {
      res.sendFile(file, { maxAge: vendor.maxAge, immutable: true }, (err) => err && next(err));
    });
  }
  // Our own files change with the code: let browsers revalidate them (ETag) on every load.
  const ownFiles = { maxAge: 0, index: 'index.html', redirect: false };
  router.get('/', (_req, res, next) => {
    // /explore and /explore/ both serve the page; its asset URLs are absolute (/explore/...).
    if (!existsSync(path.join(publicDir, 'index.html'))) {
      res.status(500).type('text').send(`chainkb explorer: its files are missing (looked in ${publicDir})`);
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(path.join(publicDir, 'index.html'), (err) => err && next(err));
  });
  router.use(express.static(publicDir, ownFiles));
  return router;
}

/** [package name, absolute path of its UMD build] for cytoscape-fcose and its dependencies. */
function layoutScripts(): [string, string][] {
  const fcose = require.resolve('cytoscape-fcose');
  const coseBase = createRequire(fcose).resolve('cose-base');
  const layoutBase = createRequire(coseBase).resolve('layout-base');
  return [
    ['cytoscape-fcose', fcose],
    ['cose-base', coseBase],
    ['layout-base', layoutBase],
  ];
}
