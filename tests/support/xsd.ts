import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';
import { projectRoot } from '../../src/config.js';

/**
 * Validates an exported file against its format's XML schemas with libxml2's xmllint (compiled
 * to WebAssembly: xmllint-wasm), the validator Gephi's and GraphML's own tooling documents.
 *
 * The schemas are the official files, unchanged: GraphML 1.0 (graphml.xsd, graphml-structure.xsd,
 * graphml-attributes.xsd, graphml-parseinfo.xsd, xlink.xsd) and GEXF 1.3 (gexf.xsd, dynamics.xsd,
 * viz.xsd), one folder per format under `XSD_DIR` (tests/fixtures/xsd unless CHAINKB_XSD_DIR says
 * otherwise; tests/fixtures/xsd/README.md says where each file comes from). Every .xsd of the
 * folder is put beside the document in xmllint's in-memory file system; `--nonet --path .` makes
 * xmllint read a schema that another names by URL (graphml.xsd redefines
 * http://graphml.graphdrawing.org/xmlns/1.0/graphml-structure.xsd) from that folder by its last
 * path segment, and never from the network.
 */
export const XSD_DIR = process.env.CHAINKB_XSD_DIR ?? path.join(projectRoot, 'tests/fixtures/xsd');

export type XmlFormat = 'graphml' | 'gexf';
const MAIN: Record<XmlFormat, string> = { graphml: 'graphml.xsd', gexf: 'gexf.xsd' };

export interface XsdResult {
  valid: boolean;
  /** xmllint's messages, each `line N: message` (the document's line). */
  errors: string[];
}

function schemaFiles(format: XmlFormat): XMLFileInfo[] {
  const dir = path.join(XSD_DIR, format);
  if (!existsSync(path.join(dir, MAIN[format])))
    throw new Error(`the ${format} schemas are missing: ${path.join(dir, MAIN[format])} (see tests/fixtures/xsd/README.md)`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.xsd'))
    .sort()
    .map((fileName) => ({ fileName, contents: readFileSync(path.join(dir, fileName)) }));
}

export async function validateAgainstSchema(format: XmlFormat, text: string): Promise<XsdResult> {
  const files = schemaFiles(format);
  const main = files.find((f) => f.fileName === MAIN[format])!;
  const result = await validateXML({
    xml: { fileName: `export.${format}`, contents: text },
    schema: main,
    preload: files.filter((f) => f !== main),
    modifyArguments: (args) => ['--nonet', '--path', '.', ...args],
    // The whole seed graph is a few MB of XML; libxml2 holds the document as a tree while it validates.
    maxMemoryPages: 1024 * 16,
  });
  return {
    valid: result.valid,
    // --nonet first refuses the URL ("I/O error : Attempt to load network entity"), then the folder's file is read: not an error of the document.
    errors: result.errors
      .filter((e) => !e.rawMessage.startsWith('I/O error : Attempt to load network entity'))
      .map((e) => (e.loc ? `line ${e.loc.lineNumber}: ${e.message}` : e.message)),
  };
}
