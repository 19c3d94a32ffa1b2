import type { FormattedExecutionResult } from 'graphql';
import type { Logger } from '../logger.js';

/** The code of an answer refused for its size (documented in the README's errors). */
export const RESPONSE_TOO_LARGE = 'RESPONSE_TOO_LARGE';

/**
 * Why 16 MB: the cost limit already keeps answers to a few MB of ordinary fields; what it cannot see
 * is long text (a source document's full text under many aliases, say). Past this size an answer
 * is refused instead of sent, so no client makes the server hold and send an answer of any size.
 */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Apollo's `stringifyResult`: the answer as JSON, or an error naming its size and the limit. */
export function stringifyWithinLimit(log: Logger, limit = MAX_RESPONSE_BYTES) {
  return (result: FormattedExecutionResult): string => {
    const text = JSON.stringify(result);
    const bytes = Buffer.byteLength(text);
    if (bytes <= limit) return text;
    log.warn({ bytes, limit }, 'answer refused for its size');
    const message = `The answer is ${bytes} bytes; the limit is ${limit}. Ask for fewer or smaller fields (long text such as a source\u2019s full text, fewer aliases).`;
    return JSON.stringify({ errors: [{ message, extensions: { code: RESPONSE_TOO_LARGE, bytes, limit } }] });
  };
}
