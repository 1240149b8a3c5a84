import { captionRules } from '../caption-rules.js';
import type { AdapterSettings, PlatformAdapter, PlatformLimits } from '../platform.types.js';
import { checkPostAgainst } from '../post-checks.js';
import { facebookAuthorizationUrl, facebookExchangeCode, facebookListPages } from './auth.js';
import { GraphClient } from './graph-client.js';
import { facebookPostsMetrics } from './metrics.js';
import { facebookCaption, facebookPublishPhoto } from './publish.js';
import { facebookFindPublished } from './read-back.js';

const facebookLimits: PlatformLimits = {
  captionMaxChars: captionRules.facebook.maxChars,
  imageMaxBytes: 4 * 1024 * 1024 - 1,
  imageMimes: ['image/jpeg', 'image/png'],
};

/** The Facebook Graph adapter: Pages, page tokens, photo posts and post insights. */
export function createFacebookAdapter(settings: AdapterSettings): PlatformAdapter {
  const client = new GraphClient(settings);
  const adapter: PlatformAdapter = {
    platform: 'facebook',
    limits: facebookLimits,
    authorizationUrl: ({ redirectUri, state }) => facebookAuthorizationUrl(client, redirectUri, state),
    exchangeCode: ({ code, redirectUri }) => facebookExchangeCode(client, code, redirectUri),
    listAccounts: (user) => facebookListPages(client, user),
    async verify({ externalId, accessToken }) {
      await client.call({
        path: `/${encodeURIComponent(externalId)}`,
        token: accessToken,
        params: { fields: 'id,name' },
        what: 'checking the page token',
      });
    },
    postText: (caption, link) => facebookCaption(caption, link),
    checkPost: (post) => checkPostAgainst('facebook', facebookLimits, post),
    findPublished: (query) => facebookFindPublished(client, query),
    async publishImagePost(post) {
      adapter.checkPost(post);
      return facebookPublishPhoto(client, post);
    },
    fetchMetrics: ({ credentials, postIds }) =>
      facebookPostsMetrics(client, postIds, credentials.accessToken),
  };
  return adapter;
}
