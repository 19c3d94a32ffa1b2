/**
 * Fair sharing of the one event loop between requests.
 *
 * A root list reads its whole selection tree in one statement (read ahead), and graphql-js then
 * completes the answer synchronously: for the most expensive operation the cost limit allows that is
 * tens of thousands of fields, long enough to hold up every other request and `/healthz` behind it.
 * Resolvers that answer from data already read pass their value through `shareLoop`, which hands it
 * back at once while the current slice of synchronous work is short, and otherwise defers it (and
 * every other value passed in after it) to the event loop's next turn, after the I/O that waited.
 *
 * A slice opens at the first call in a turn of the event loop and closes when the loop reaches its
 * check phase (`setImmediate`); deferred values resume together in that phase and open the next slice.
 * Cheap requests never reach the slice's length and never defer.
 */

/** Why 10 ms: a tenth of the 100 ms in which `/healthz` must answer, and long enough that a deferral (a few µs) is noise. */
export const SLICE_MS = 10;

let sliceStart = 0;
let sliceOpen = false;
let nextTurn: Promise<void> | null = null;

const closeSlice = () => {
  sliceOpen = false;
};

const waitForNextTurn = (): Promise<void> =>
  (nextTurn ??= new Promise((resume) =>
    setImmediate(() => {
      nextTurn = null;
      resume();
    }),
  ));

/** `value`, or, when this turn of the event loop has already run `SLICE_MS`, a promise of it on the next turn. */
export function shareLoop<T>(value: T): T | Promise<T> {
  const now = performance.now();
  if (!sliceOpen) {
    sliceOpen = true;
    sliceStart = now;
    setImmediate(closeSlice);
  }
  if (now - sliceStart < SLICE_MS) return value;
  return waitForNextTurn().then(() => value);
}
