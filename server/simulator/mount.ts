import type { Router } from 'express';
import { createSimulator } from './simulator.app.js';

/** Mounts the platform simulator under /sandbox. */
export function sandboxRouter(publicUrl: string): Router {
  return createSimulator({ publicUrl });
}
