// Shared by the host processes (run under the harness's own Node): every line
// starting with MARK on stdout is one JSON event for run.mjs.
export const MARK = '@@JOSEKIT@@';
export function emit(event) {
  process.stdout.write(MARK + (typeof event === 'string' ? event : JSON.stringify(event)) + '\n');
}
export function fatal(message, stack) {
  emit({ type: 'fatal', message, stack });
}
// Exit only after stdout has been flushed: writes to a full pipe are queued, and a
// bare process.exit() would drop them.
export function exitAfterFlush(code) {
  process.stdout.write('', () => process.exit(code));
}
