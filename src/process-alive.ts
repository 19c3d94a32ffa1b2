/**
 * Whether a process of this machine is running: signal 0 checks without sending anything. EPERM
 * means it runs as another user. Used where a marker names the process that owns something (an
 * import's `:Import` node, the embedded Neo4j's bolt.json) and a dead owner's leftovers may be taken over.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
