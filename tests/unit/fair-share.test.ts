import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { shareLoop, SLICE_MS } from '../../src/graphql/fair-share.js';

/** Keeps this turn of the event loop busy for `ms`, as completing a large answer does. */
function work(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('shareLoop', () => {
  it('hands values back at once while the turn of the event loop is short, also after the loop was idle', async () => {
    await nextTurn();
    expect(shareLoop('a')).toBe('a');
    await sleep(3 * SLICE_MS);
    expect(shareLoop('c')).toBe('c');
  });

  it(`defers values after ${SLICE_MS} ms of work in one turn, so that callbacks waiting meanwhile run first`, async () => {
    await nextTurn();
    const order: string[] = [];
    const waiting = new Promise<void>((resolve) =>
      setTimeout(() => {
        order.push('timer due during the work');
        resolve();
      }, 0),
    );
    expect(shareLoop('before')).toBe('before');
    work(SLICE_MS + 2);
    const late = shareLoop('late') as Promise<string>;
    const later = shareLoop('later') as Promise<string>;
    expect(late).toBeInstanceOf(Promise);
    expect(later).toBeInstanceOf(Promise);
    await Promise.all([late.then((v) => order.push(v)), later.then((v) => order.push(v)), waiting]);
    expect(order).toEqual(['timer due during the work', 'late', 'later']);
  });

  it('opens a fresh slice on the turn the deferred values resume in', async () => {
    await nextTurn();
    work(SLICE_MS + 2);
    const resumed = await shareLoop('resumed');
    expect(resumed).toBe('resumed');
    expect(shareLoop('next')).toBe('next');
  });
});
