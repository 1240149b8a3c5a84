import { config } from '../../config/index.js';
import { connectSandbox, listChannels } from '../channels/channel.service.js';
import { listEnterprises } from '../enterprises/enterprise.service.js';
import { systemUser } from '../users/user.service.js';

/** Members of the demo hub that have pages of their own (by slug). */
const membersWithPages = ['cafe-coop-le-passage', 'coop-numerique-estrie'];

/**
 * Connects the demo hub's sandbox channels: the hub's Facebook page and LinkedIn
 * organization, and a Facebook page for two members. Runs once the web server listens,
 * since sandbox accounts are provisioned through the simulator's HTTP endpoints.
 */
export async function seedDemoChannelsIfNone(): Promise<number> {
  if (!config().DEMO_DATA || (await listChannels()).length > 0) return 0;
  const hubName = config().HUB_NAME;
  await connectSandbox({ platform: 'facebook', name: hubName, owner: { kind: 'hub' } });
  await connectSandbox({ platform: 'linkedin', name: hubName, owner: { kind: 'hub' } });
  const { data } = await listEnterprises(systemUser, { limit: 100 });
  const members = data.filter((e) => membersWithPages.includes(e.slug));
  for (const member of members) {
    await connectSandbox({
      platform: 'facebook',
      name: member.name,
      owner: { kind: 'enterprise', enterpriseId: member.id },
    });
  }
  return 2 + members.length;
}
