import { type Config, config } from '../../../config/index.js';
import {
  SANDBOX_FACEBOOK_APP_ID,
  SANDBOX_FACEBOOK_APP_SECRET,
  SANDBOX_LINKEDIN_CLIENT_ID,
  SANDBOX_LINKEDIN_CLIENT_SECRET,
} from '../../../simulator/simulator.constants.js';
import { createFacebookAdapter } from './facebook/facebook.adapter.js';
import { createLinkedInAdapter } from './linkedin/linkedin.adapter.js';
import type { AdapterSettings, Platform, PlatformAdapter } from './platform.types.js';

export type ChannelMode = 'live' | 'sandbox';

/** Base URL of the built-in simulator, mounted by the web process under /sandbox. */
export function sandboxUrl(cfg: Config = config()): string {
  return `${cfg.publicUrl}/sandbox`;
}

/** Settings of one platform in one mode: live uses the configured app, sandbox the simulator's. */
export function adapterSettings(
  platform: Platform,
  mode: ChannelMode,
  cfg: Config = config(),
): AdapterSettings {
  const sandbox = sandboxUrl(cfg);
  const feed = (externalId: string) => `${sandbox}/feeds/${platform}/${encodeURIComponent(externalId)}`;
  if (platform === 'facebook') {
    const base = {
      apiVersion: cfg.FACEBOOK_API_VERSION,
      metrics: cfg.FACEBOOK_POST_METRICS.split(',')
        .map((m) => m.trim())
        .filter(Boolean),
    };
    if (mode === 'sandbox') {
      const url = `${sandbox}/facebook`;
      return {
        ...base,
        apiUrl: url,
        oauthUrl: url,
        clientId: SANDBOX_FACEBOOK_APP_ID,
        clientSecret: SANDBOX_FACEBOOK_APP_SECRET,
        permalink: (_p, id) => feed(id),
      };
    }
    return {
      ...base,
      apiUrl: cfg.FACEBOOK_GRAPH_URL,
      oauthUrl: cfg.FACEBOOK_OAUTH_URL,
      ...(cfg.FACEBOOK_APP_ID ? { clientId: cfg.FACEBOOK_APP_ID } : {}),
      ...(cfg.FACEBOOK_APP_SECRET ? { clientSecret: cfg.FACEBOOK_APP_SECRET } : {}),
    };
  }
  if (mode === 'sandbox') {
    const url = `${sandbox}/linkedin`;
    return {
      apiUrl: url,
      oauthUrl: url,
      apiVersion: cfg.LINKEDIN_VERSION,
      clientId: SANDBOX_LINKEDIN_CLIENT_ID,
      clientSecret: SANDBOX_LINKEDIN_CLIENT_SECRET,
      permalink: (_p, id) => feed(id),
      pollIntervalMs: 100,
    };
  }
  return {
    apiUrl: cfg.LINKEDIN_API_URL,
    oauthUrl: cfg.LINKEDIN_OAUTH_URL,
    apiVersion: cfg.LINKEDIN_VERSION,
    ...(cfg.LINKEDIN_CLIENT_ID ? { clientId: cfg.LINKEDIN_CLIENT_ID } : {}),
    ...(cfg.LINKEDIN_CLIENT_SECRET ? { clientSecret: cfg.LINKEDIN_CLIENT_SECRET } : {}),
  };
}

const factories: Record<Platform, (settings: AdapterSettings) => PlatformAdapter> = {
  facebook: createFacebookAdapter,
  linkedin: createLinkedInAdapter,
};

const cache = new WeakMap<Config, Map<string, PlatformAdapter>>();

/** The adapter for a platform and mode, built once per configuration. */
export function getAdapter(platform: Platform, mode: ChannelMode = 'live'): PlatformAdapter {
  const cfg = config();
  let byKey = cache.get(cfg);
  if (!byKey) {
    byKey = new Map();
    cache.set(cfg, byKey);
  }
  const key = `${platform}:${mode}`;
  let adapter = byKey.get(key);
  if (!adapter) {
    adapter = factories[platform](adapterSettings(platform, mode, cfg));
    byKey.set(key, adapter);
  }
  return adapter;
}

/** True when live OAuth can start: the app's credentials are configured. */
export function liveAppConfigured(platform: Platform, cfg: Config = config()): boolean {
  return platform === 'facebook'
    ? Boolean(cfg.FACEBOOK_APP_ID && cfg.FACEBOOK_APP_SECRET)
    : Boolean(cfg.LINKEDIN_CLIENT_ID && cfg.LINKEDIN_CLIENT_SECRET);
}
