import { isDuplicateKeyError } from '../../lib/errors.js';
import { memo } from './memo.js';
import { type Platform, SimAccount, type SimAccountDoc, SimPost } from './sim.models.js';
import { numericId, simNow } from './sim.store.js';

/** Pages and organizations are never renamed or removed once created. */
const accounts = memo<SimAccountDoc>({ max: 10_000, ttlMs: 60_000 });

function slug(name: string): string {
  const base = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return base || 'sandbox';
}

/** Creates a sandbox page (Facebook) or organization (LinkedIn) run by the sandbox person. */
export async function createAccount(platform: Platform, name: string): Promise<SimAccountDoc> {
  for (let attempt = 0; ; attempt++) {
    const externalId = platform === 'facebook' ? numericId(15) : numericId(8);
    const doc = {
      platform,
      externalId,
      name,
      vanityName: `${slug(name)}-${externalId.slice(-4)}`,
      createdAt: await simNow(),
    };
    try {
      await SimAccount.create(doc);
      return doc;
    } catch (err) {
      if (!isDuplicateKeyError(err) || attempt >= 3) throw err;
    }
  }
}

export function findAccount(platform: Platform, externalId: string): Promise<SimAccountDoc | null> {
  return accounts.get(`${platform}:${externalId}`, () => SimAccount.findOne({ platform, externalId }).lean());
}

export function listAccounts(platform?: Platform): Promise<SimAccountDoc[]> {
  return SimAccount.find(platform ? { platform } : {})
    .sort({ platform: 1, createdAt: 1 })
    .lean();
}

export function listPosts(platform: Platform, accountId: string) {
  return SimPost.find({ platform, accountId }).sort({ createdAt: -1 }).lean();
}

/** A post to place on a page or organization as if published then (history, benchmarks, tests). */
export interface PastPost {
  platform: Platform;
  accountId: string;
  message: string;
  publishAt: Date;
}

/** A new post id in the platform's form: `<page>_<digits>` or `urn:li:share:<digits>`. */
export function newPostId(platform: Platform, accountId: string): string {
  return platform === 'facebook' ? `${accountId}_${numericId(16)}` : `urn:li:share:7${numericId(18)}`;
}

/**
 * Stores posts that were published in the past, in bulk, without the API (no media, no
 * duplicate check): their metrics then follow the same model as any post's. Returns their ids.
 */
export async function placePastPosts(posts: PastPost[]): Promise<string[]> {
  const docs = posts.map((p) => {
    const postId = newPostId(p.platform, p.accountId);
    return {
      _id: postId,
      postId,
      platform: p.platform,
      accountId: p.accountId,
      message: p.message,
      displayText: p.message,
      link: null,
      mediaIds: [],
      altText: '',
      published: true,
      publishAt: p.publishAt,
      createdAt: p.publishAt,
    };
  });
  for (let i = 0; i < docs.length; i += 5_000) {
    await SimPost.insertMany(docs.slice(i, i + 5_000), { ordered: false, lean: true });
  }
  return docs.map((d) => d.postId);
}
