import { DateTime } from 'luxon';
import { Sandbox } from '../adapters/sandbox.helpers.js';
import { createAd, createCampaign, createEnterprise } from '../fixtures/domain.js';
import { startTestApp, type TestApp, type TestAppOptions, type TestUser } from '../setup/app.js';
import { until } from '../setup/poll.js';

/** Settings that make the engine's waits test-sized (all times in ms). */
export const fastEngine: Record<string, string> = {
  SCHEDULE_MIN_LEAD_MS: '0',
  PUBLISH_BACKOFF_MS: '200',
  VERIFY_DELAY_MS: '300',
  VERIFY_MAX_TRIES: '4',
  RECONCILE_INTERVAL_MS: '1000',
  PREFLIGHT_INTERVAL_MS: '3600000',
  PUBLISH_CHANNEL_RATE: '1000',
  PUBLISH_PLATFORM_RATE: '10000',
  PUBLISH_LEASE_MS: '5000',
  WORKER_LOCK_MS: '2000',
};

export interface Hub {
  app: TestApp;
  admin: TestUser;
  sandbox: Sandbox;
  enterpriseId: string;
  campaignId: string;
}

/** A Vitrine web process with its workers in-process, an admin, an enterprise and a running campaign. */
export async function startHub(options: TestAppOptions & { workers?: boolean } = {}): Promise<Hub> {
  const app = await startTestApp({
    ...options,
    env: { ...fastEngine, ...options.env },
    beforeApp: async (cfg) => {
      if (options.workers !== false) {
        const { startWorkers } = await import('../../workers/index.js');
        await startWorkers();
      }
      await options.beforeApp?.(cfg);
    },
  });
  const admin = await app.createUser('admin');
  const enterprise = await createEnterprise(admin.api);
  const today = DateTime.now().setZone(app.config.HUB_TIMEZONE);
  const campaign = await createCampaign(admin.api, {
    period: { start: today.minus({ days: 1 }).toISODate(), end: today.plus({ days: 60 }).toISODate() },
    enterpriseIds: [enterprise.id],
  });
  return {
    app,
    admin,
    sandbox: new Sandbox(`${app.baseUrl}/sandbox`),
    enterpriseId: enterprise.id,
    campaignId: campaign.id,
  };
}

export async function adFor(
  hub: Hub,
  caption: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const ad = await createAd(hub.admin.api, hub.campaignId, [hub.enterpriseId], {
    templateId: 'vitrine-produit',
    fields: { headline: 'Du pain pour tous' },
    caption: { default: caption },
    ...overrides,
  });
  return ad.id;
}

export interface TestChannel {
  id: string;
  externalId: string;
  platform: 'facebook' | 'linkedin';
}

export async function sandboxChannel(
  hub: Hub,
  platform: 'facebook' | 'linkedin',
  name = `Page ${platform}`,
): Promise<TestChannel> {
  const res = await hub.admin.api.post('/api/v1/channels/sandbox', { platform, name });
  if (res.status !== 201) throw new Error(`channel not connected: ${res.status} ${res.text}`);
  return { id: res.body.id, externalId: res.body.externalId, platform };
}

/**
 * Schedules `adId` on the channels `inMs` from now (an exact instant); returns the publication
 * ids. On a loaded machine the request can take longer than `inMs`, and the server rightly
 * refuses a time in the past (writing nothing): then it asks again from the new now.
 */
export async function schedule(hub: Hub, adId: string, channelIds: string[], inMs = 1500): Promise<string[]> {
  for (let tries = 1; ; tries += 1) {
    const at = new Date(Date.now() + inMs).toISOString();
    const res = await hub.admin.api.post('/api/v1/publications', { adId, channelIds, at });
    if (res.status === 201) return (res.body.data as { id: string }[]).map((p) => p.id);
    const past = res.status === 400 && /"field":"at","message":"is in the past"/.test(res.text);
    if (!past || tries >= 5) throw new Error(`not scheduled: ${res.status} ${res.text}`);
  }
}

export async function publication(hub: Hub, id: string): Promise<Record<string, any>> {
  return (await hub.admin.api.get(`/api/v1/publications/${id}`)).body;
}

/** Waits until the publication reaches one of the statuses (or the time is up) and returns it. */
export function settled(hub: Hub, id: string, statuses: string[], ms = 30_000) {
  return until(
    () => publication(hub, id),
    (p) => statuses.includes(p.status),
    ms,
  );
}

/** The posts the simulator holds for an account, as its admin API lists them. */
export async function postsOn(
  hub: Hub,
  channel: TestChannel,
): Promise<{ postId: string; message: string; displayText: string }[]> {
  const res = await fetch(
    `${hub.sandbox.url}/_admin/posts?platform=${channel.platform}&externalId=${channel.externalId}`,
  );
  return ((await res.json()) as { data: { postId: string; message: string; displayText: string }[] }).data;
}

/** How many posts on the channel carry `text` (in the message or as a reader sees it). */
export async function countPosts(hub: Hub, channel: TestChannel, text: string): Promise<number> {
  return (await postsOn(hub, channel)).filter((p) => p.message.includes(text) || p.displayText.includes(text))
    .length;
}
