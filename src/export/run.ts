import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { GraphWriter } from './formats/index.js';
import type { GraphSource } from './scope.js';

/** One file of an export: its writer, where it goes, and which parts of the graph it holds. */
export interface ExportOutput {
  writer: GraphWriter;
  sink: Writable;
  nodes: boolean;
  edges: boolean;
}

export interface ExportProgress {
  /** Aborts between pages (the client went away). */
  signal?: AbortSignal;
  /** Told of each page written: how many rows. */
  onRows?: (rows: number) => void;
}

/**
 * Writes the source's pages into each output as they are read: at most two pages in memory (the
 * one written and the next one being read), and a full sink (a slow client, a slow disk) holds
 * the reading back instead of the text piling up. Outputs are written one after the other (the
 * CSV files read the graph once each). Ending the sinks is the caller's.
 */
export async function writeExport(
  source: GraphSource,
  outputs: readonly ExportOutput[],
  progress: ExportProgress = {},
): Promise<{ nodes: number; edges: number }> {
  const written = { nodes: 0, edges: 0 };
  for (const { writer, sink, nodes, edges } of outputs) {
    const write = (text: string) => put(sink, text, progress.signal);
    await write(writer.begin());
    if (nodes)
      for await (const page of source.nodes()) {
        await write(writer.nodes(page));
        written.nodes += page.length;
        progress.onRows?.(page.length);
      }
    await write(writer.edgesBegin());
    if (edges)
      for await (const page of source.edges()) {
        await write(writer.edges(page));
        written.edges += page.length;
        progress.onRows?.(page.length);
      }
    await write(writer.end());
  }
  return written;
}

async function put(sink: Writable, text: string, signal: AbortSignal | undefined): Promise<void> {
  signal?.throwIfAborted();
  if (text === '' || sink.write(text)) return;
  await once(sink, 'drain', { signal });
}
