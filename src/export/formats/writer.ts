import { createCB } from 'xmlbuilder2';
import type { XMLBuilderCB } from 'xmlbuilder2/lib/interfaces.js';
import type { ExportEdge, ExportNode } from '../fields.js';

/**
 * One output file of an export, written piece by piece: the start, the nodes batch by batch, the
 * turn from nodes to edges, the edges batch by batch, the end. Each call returns the text to
 * append, so the caller writes it with backpressure and holds no more than one batch.
 */
export interface GraphWriter {
  begin(): string;
  nodes(batch: readonly ExportNode[]): string;
  edgesBegin(): string;
  edges(batch: readonly ExportEdge[]): string;
  end(): string;
}

/** What the file says about itself: which part of the graph it holds, and when it was made. */
export interface ExportMeta {
  description: string;
  exportedAt: Date;
}

/** Characters XML 1.0 cannot hold, even escaped (C0 controls but tab, CR and LF; lone surrogates; U+FFFE/FFFF). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
export const xmlText = (text: string) => text.replace(NOT_XML, '');

/**
 * The rows (nodes and edges) are written as text here, the document around them by xmlbuilder2:
 * its callback builder creates a DOM node for every element and text it writes, which held a
 * GraphML export to about 1% of the speed of the same rows as JSON (README, Exporting). Escaping
 * is the one thing a row needs: `&`, `<`, `>` everywhere, `"` in attribute values, and CR (and,
 * in attributes, tab and LF) as character references, which XML parsers would otherwise
 * normalise away; characters XML cannot hold are dropped. Tests read every format back with
 * xmlbuilder2's parser and compare each value.
 */
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
export const escapeText = (text: string) => xmlText(text).replace(/[&<>\r]/g, (c) => ESCAPES[c]!);
export const escapeAttribute = (text: string) => xmlText(text).replace(/[&<>"\t\n\r]/g, (c) => ESCAPES[c]!);

/**
 * xmlbuilder2's callback builder (it escapes text and attribute values and emits the document as
 * it is built), with what it emitted collected until `take()`.
 */
export class XmlChunks {
  readonly xml: XMLBuilderCB;
  private chunks: string[] = [];

  constructor() {
    this.xml = createCB({ prettyPrint: true });
    this.xml.on('data', (chunk: string) => void this.chunks.push(chunk));
  }

  take(): string {
    const text = this.chunks.join('');
    this.chunks = [];
    return text;
  }
}
