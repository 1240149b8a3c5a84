/** The social platforms Vitrine publishes to. */
export type Platform = 'facebook' | 'linkedin';
export const platforms: readonly Platform[] = ['facebook', 'linkedin'];

/** Where an adapter talks to and with which app: the real platform or the built-in simulator. */
export interface AdapterSettings {
  /** Facebook: Graph base without version; LinkedIn: REST base (…/rest is appended). */
  apiUrl: string;
  /** Facebook: login dialog base; LinkedIn: OAuth base (…/oauth/v2 is appended). */
  oauthUrl: string;
  /** Facebook `v25.0`, LinkedIn `202607`. */
  apiVersion: string;
  clientId?: string;
  clientSecret?: string;
  /** Facebook insights metric names requested for a post. */
  metrics?: string[];
  /** Builds a public link to a post when the platform does not return one. */
  permalink?: (postId: string, externalId: string) => string;
  /** LinkedIn image processing: how often and how long to poll. */
  pollIntervalMs?: number;
  pollTimeoutMs?: number;
  timeoutMs?: number;
}

/** Tokens obtained from an OAuth grant or a refresh. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string;
  accessTokenExpiresAt?: Date;
  refreshTokenExpiresAt?: Date;
  scopes: string[];
}

/** One page or organization the signed-in person may publish to, with its own token. */
export interface ConnectableAccount {
  externalId: string;
  name: string;
  tokens: OAuthTokens;
}

/** What a publish or metrics call needs: the page/organization id and its token. */
export interface PublishingCredentials {
  externalId: string;
  accessToken: string;
}

export interface ImagePost {
  credentials: PublishingCredentials;
  caption: string;
  link?: string;
  image: Buffer;
  mime: string;
  altText?: string;
}

export interface PublishResult {
  postId: string;
  permalink: string;
}

/**
 * What Vitrine sent, to find it again among the page's or organization's recent posts
 * after an unknown outcome (../shared/PLATFORMS.md, Reading back what was posted).
 */
export interface ReadBackQuery {
  credentials: PublishingCredentials;
  /** The caption and link as given to publishImagePost; the adapter derives the text it sent. */
  caption: string;
  link?: string;
  /** Only posts created at or after this instant (UTC) are considered. */
  since: Date;
  /** Post ids already recorded by other publications: never matched. */
  excludePostIds?: string[];
}

/** found: the post exists; absent: every post since `since` was read and none matches. */
export type ReadBackResult = ({ found: true } & PublishResult) | { found: false };

/** Metrics in one shape for every platform. `reach` is null when the platform gave none. */
export interface PostMetrics {
  views: number;
  reach: number | null;
  clicks: number;
  reactions: number;
  comments: number;
  shares: number;
  /** (clicks + reactions + comments + shares) / views, as a decimal; 0 without views. */
  engagementRate: number;
  /**
   * Figures the platform did not give this time (a metric it rejected, a count it failed to
   * return, a post it left out of the answer): their value above is 0 and must not replace a
   * value read before.
   */
  missing?: MetricField[];
}

/** The figures of PostMetrics that are read from the platform. */
export type MetricField = 'views' | 'reach' | 'clicks' | 'reactions' | 'comments' | 'shares';
export const metricFields: readonly MetricField[] = [
  'views',
  'reach',
  'clicks',
  'reactions',
  'comments',
  'shares',
];

export interface PlatformLimits {
  captionMaxChars: number;
  imageMaxBytes: number;
  imageMaxPixels?: number;
  imageMimes: readonly string[];
}

/**
 * The one interface every platform adapter implements. Adapters throw only the
 * classes of adapter-errors.ts and never log or return a token outside `tokens`.
 */
export interface PlatformAdapter {
  readonly platform: Platform;
  readonly limits: PlatformLimits;
  /** The platform's consent page the browser is sent to. */
  authorizationUrl(input: { redirectUri: string; state: string }): string;
  /** Trades the code from the consent redirect for user tokens. */
  exchangeCode(input: { code: string; redirectUri: string }): Promise<OAuthTokens>;
  /** Pages (Facebook, each with its page token) or organizations (LinkedIn) the user administers. */
  listAccounts(userTokens: OAuthTokens): Promise<ConnectableAccount[]>;
  /** Only for platforms whose tokens expire and can be refreshed (LinkedIn). */
  refresh?(refreshToken: string): Promise<OAuthTokens>;
  /** Cheap authenticated read of the page/organization: throws ReconnectError when the token or role is gone. */
  verify(credentials: PublishingCredentials): Promise<void>;
  /**
   * The text the platform receives for a caption and link (before any escaping); its length,
   * as caption-rules.ts counts it, counts against `limits.captionMaxChars`.
   */
  postText(caption: string, link?: string): string;
  /** Throws a PermanentError naming the problem when a post cannot be accepted as is. */
  checkPost(post: Omit<ImagePost, 'credentials'>): void;
  publishImagePost(post: ImagePost): Promise<PublishResult>;
  /**
   * Reads the recent posts back and looks for the one `query` describes. Throws an
   * AdapterError when it cannot tell (a read failed, or the posts since `since` could not
   * all be read): the outcome then stays unknown.
   */
  findPublished(query: ReadBackQuery): Promise<ReadBackResult>;
  /**
   * Metrics by post id, read in as few calls as the platform allows. A post that could not be
   * read (an error on its part of a batch) is left out of the result; figures that were not
   * read are listed in its `missing`. Throws for the whole call (a throttle with its wait, a
   * token problem).
   */
  fetchMetrics(input: {
    credentials: PublishingCredentials;
    postIds: string[];
  }): Promise<Record<string, PostMetrics>>;
}

export function emptyMetrics(): PostMetrics {
  return { views: 0, reach: null, clicks: 0, reactions: 0, comments: 0, shares: 0, engagementRate: 0 };
}

export function engagementRate(m: Omit<PostMetrics, 'engagementRate' | 'reach'>): number {
  if (m.views <= 0) return 0;
  return Math.round(((m.clicks + m.reactions + m.comments + m.shares) / m.views) * 10_000) / 10_000;
}
