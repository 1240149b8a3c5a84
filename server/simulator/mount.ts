import { Router } from 'express';

/** Mounts the platform simulator under /sandbox (placeholder until the simulator lands). */
export function sandboxRouter(_publicUrl: string): Router {
  return Router();
}
