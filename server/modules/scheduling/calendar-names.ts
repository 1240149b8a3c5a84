import { listCampaigns } from '../campaigns/campaign.service.js';
import { listChannels } from '../channels/channel.service.js';
import { listEnterprises } from '../enterprises/enterprise.service.js';
import { systemUser } from '../users/user.service.js';
import type { CalendarEntry } from './calendar-index.js';

/** Names by id, for the calendar's titles. */
export interface CalendarNames {
  channels: Record<string, string>;
  campaigns: Record<string, string>;
  enterprises: Record<string, string>;
}

/** How long names are reused before they are read again, ms: a rename shows after this. */
const NAMES_TTL_MS = 10_000;
let cached: { names: CalendarNames; at: number } | undefined;

const byId = (list: { id: string; name: string }[]) => Object.fromEntries(list.map((x) => [x.id, x.name]));

/** Every channel, campaign and enterprise name (each a scan on FerretDB, so kept a short while). */
export async function allNames(): Promise<CalendarNames> {
  if (cached && Date.now() - cached.at < NAMES_TTL_MS) return cached.names;
  const [channels, campaigns, enterprises] = await Promise.all([
    listChannels(),
    listCampaigns(systemUser, { limit: 100 }),
    listEnterprises(systemUser, { limit: 100 }),
  ]);
  const names = {
    channels: byId(channels),
    campaigns: byId(campaigns.data),
    enterprises: byId(enterprises.data),
  };
  cached = { names, at: Date.now() };
  return names;
}

/** Only the names these entries use: what a member may read. */
export function namesOf(all: CalendarNames, entries: CalendarEntry[]): CalendarNames {
  const pick = (from: Record<string, string>, ids: Iterable<string>) =>
    Object.fromEntries([...new Set(ids)].filter((id) => id in from).map((id) => [id, from[id]!]));
  return {
    channels: pick(
      all.channels,
      entries.map((e) => e.channelId),
    ),
    campaigns: pick(
      all.campaigns,
      entries.map((e) => e.campaignId),
    ),
    enterprises: pick(
      all.enterprises,
      entries.flatMap((e) => e.enterpriseIds),
    ),
  };
}

/** "Enterprise names · channel name", as the calendar shows an entry. */
export function entryTitle(names: CalendarNames, e: CalendarEntry): string {
  const channel = names.channels[e.channelId] ?? e.platform;
  const who = e.enterpriseIds.map((id) => names.enterprises[id]).filter(Boolean);
  return who.length > 0 ? `${who.join(', ')} · ${channel}` : channel;
}
