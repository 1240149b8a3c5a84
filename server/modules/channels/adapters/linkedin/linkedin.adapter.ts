import { ReconnectError } from '../adapter-errors.js';
import { captionRules } from '../caption-rules.js';
import type { AdapterSettings, PlatformAdapter, PlatformLimits } from '../platform.types.js';
import { checkPostAgainst } from '../post-checks.js';
import {
  linkedInAuthorizationUrl,
  linkedInExchangeCode,
  linkedInListOrganizations,
  linkedInRefresh,
} from './auth.js';
import { linkedInPostMetrics } from './metrics.js';
import { linkedInPublishImage, linkedInText } from './publish.js';
import { linkedInFindPublished } from './read-back.js';
import { organizationUrn, RestClient } from './rest-client.js';

const linkedInLimits: PlatformLimits = {
  captionMaxChars: captionRules.linkedin.maxChars,
  imageMaxBytes: 5 * 1024 * 1024,
  imageMaxPixels: 36_152_320,
  imageMimes: ['image/jpeg', 'image/png', 'image/gif'],
};

/** The LinkedIn Community Management adapter: organizations, image posts as the organization, statistics. */
export function createLinkedInAdapter(settings: AdapterSettings): PlatformAdapter {
  const client = new RestClient(settings);
  const adapter: PlatformAdapter = {
    platform: 'linkedin',
    limits: linkedInLimits,
    authorizationUrl: ({ redirectUri, state }) => linkedInAuthorizationUrl(client, redirectUri, state),
    exchangeCode: ({ code, redirectUri }) => linkedInExchangeCode(client, code, redirectUri),
    listAccounts: (user) => linkedInListOrganizations(client, user),
    refresh: (refreshToken) => linkedInRefresh(client, refreshToken),
    async verify({ externalId, accessToken }) {
      const { data } = await client.call<{
        elements?: { organization?: string; organizationTarget?: string }[];
      }>({
        url: `/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED`,
        token: accessToken,
        what: 'checking the organization token',
      });
      const urn = organizationUrn(externalId);
      if (!(data.elements ?? []).some((e) => (e.organization ?? e.organizationTarget) === urn)) {
        throw new ReconnectError({
          platform: 'linkedin',
          code: 'role_lost',
          reason:
            'The connected member is no longer an administrator of this organization. Reconnect as an administrator.',
        });
      }
    },
    postText: (caption, link) => linkedInText(caption, link),
    checkPost: (post) => checkPostAgainst('linkedin', linkedInLimits, post),
    findPublished: (query) => linkedInFindPublished(client, query),
    async publishImagePost(post) {
      adapter.checkPost(post);
      return linkedInPublishImage(client, post);
    },
    fetchMetrics: ({ credentials, postIds }) =>
      linkedInPostMetrics(client, credentials.externalId, credentials.accessToken, postIds),
  };
  return adapter;
}
