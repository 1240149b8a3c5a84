import v8 from 'node:v8';
import vm from 'node:vm';
import { config } from '../config/index.js';

// The collector, reachable without starting Node with --expose-gc (the flag must be set
// before the first context that should see `gc` is made; a fresh vm context then has it).
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

/** Array-buffer memory let grow past the floor before a collection is asked for, in bytes. */
const HEADROOM_BYTES = 16 * 1024 * 1024;
/** Two asked-for collections are at least this far apart, in ms. */
const MIN_INTERVAL_MS = 200;
let last = 0;
/** Array-buffer memory right after the last asked-for collection (what was alive then), in bytes. */
let floor = 0;

/**
 * Image work leaves its dead pixel buffers outside V8's heap; V8 frees them only when it
 * collects their handles, and waits for 64 MB or more of external growth before it does, so
 * resident memory sat about 60 MB above what the caches hold (bench:memory). Called after a
 * render: when the process's array buffers (pixels, encoded images; Node's
 * `process.memoryUsage().arrayBuffers`, which drops as soon as they are freed, where
 * `external` lags) have grown 16 MB past what was alive after the previous
 * collection (or past the shared cache budget, CACHE_MB), runs a full collection, at most
 * once per 200 ms. Returns whether it did.
 */
export function relieveExternalMemory(): boolean {
  const now = performance.now();
  if (now - last < MIN_INTERVAL_MS) return false;
  const buffers = process.memoryUsage().arrayBuffers;
  if (buffers <= Math.max(floor, config().CACHE_MB * 1024 * 1024) + HEADROOM_BYTES) return false;
  last = now;
  collect();
  floor = process.memoryUsage().arrayBuffers;
  return true;
}
