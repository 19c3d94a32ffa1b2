import { serverAudits, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestServer } from '../support/server.js';

/**
 * The GraphQL-over-HTTP spec's server audits (graphql-http), one test each. A failed MUST fails
 * its test: clients written to the spec would break. A failed SHOULD ("warn") or MAY ("notice") is
 * a recommendation Apollo Server chooses differently (it answers 400 where the spec prefers 200 for
 * application/json, for one), so it is printed, not failed.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let resolveUrl: (url: string) => void;
// The audits are listed when the file is collected, before the server has a port; they read the URL when they run.
const url = new Promise<string>((resolve) => (resolveUrl = resolve));

beforeAll(async () => {
  server = await startTestServer();
  resolveUrl(`${server.server.url}/graphql`);
});
afterAll(async () => {
  await server?.stop();
});

describe('graphql-http server audits', () => {
  for (const audit of serverAudits({ url: () => url })) {
    it(audit.name, async () => {
      const result = await audit.fn();
      await discardBody(result);
      if (result.status === 'error') throw new Error(`${audit.id} ${audit.name}: ${result.reason}`);
      if (result.status !== 'ok') console.warn(`graphql-http audit ${result.status}: ${audit.id} ${audit.name}: ${result.reason}`);
    });
  }
});

/** An unread response body keeps its connection busy until it is collected: read it off. */
async function discardBody(result: AuditResult): Promise<void> {
  if (result.status === 'ok' || result.response.bodyUsed) return;
  await result.response.body?.cancel();
}
