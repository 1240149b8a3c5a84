/** Sandbox Facebook app credentials: the only app the simulator knows. */
export const SANDBOX_FACEBOOK_APP_ID = 'sandbox-app';
export const SANDBOX_FACEBOOK_APP_SECRET = 'sandbox-secret';
/** Sandbox LinkedIn client credentials. */
export const SANDBOX_LINKEDIN_CLIENT_ID = 'sandbox-client';
export const SANDBOX_LINKEDIN_CLIENT_SECRET = 'sandbox-secret';

/** The sandbox person who administers every sandbox page and organization. */
export const SANDBOX_FACEBOOK_USER_ID = '100000000000001';
export const SANDBOX_FACEBOOK_USER_NAME = 'Sandbox Person';
export const SANDBOX_LINKEDIN_PERSON_URN = 'urn:li:person:SandboxP3rs0n';

export const FACEBOOK_SCOPES = [
  'pages_show_list',
  'pages_manage_posts',
  'pages_read_engagement',
  'pages_manage_engagement',
  'read_insights',
  'public_profile',
];
export const FACEBOOK_PAGE_TASKS = ['MANAGE', 'CREATE_CONTENT', 'MODERATE', 'ADVERTISE', 'ANALYZE'];
export const LINKEDIN_SCOPES = ['w_organization_social', 'r_organization_social', 'rw_organization_admin'];

const DAY_S = 86_400;
/** Lifetimes in seconds, as the platforms document them. */
export const FACEBOOK_SHORT_LIVED_S = 5_400;
export const FACEBOOK_LONG_LIVED_S = 5_183_944;
export const LINKEDIN_ACCESS_S = 5_184_000;
export const LINKEDIN_REFRESH_S = 365 * DAY_S;
export const OAUTH_CODE_S = 600;

/** Valid post insights metrics (Graph ≥ v23); anything else fails the whole request. */
export const FACEBOOK_POST_METRICS = [
  'post_media_view',
  'post_total_media_view_unique',
  'post_clicks',
  'post_clicks_by_type',
  'post_reactions_by_type_total',
] as const;

export const FACEBOOK_MAX_PHOTO_BYTES = 4 * 1024 * 1024;
/** Same text to the same page or organization within this window is a duplicate. */
export const DUPLICATE_WINDOW_MS = 24 * 3_600_000;
/** Business-use-case budget: calls per page per window unless a fault sets `callBudget`. */
export const FACEBOOK_BUC_BUDGET = 4_800;
export const FACEBOOK_APP_BUDGET = 20_000;
export const RATE_WINDOW_MS = 3_600_000;

export const LINKEDIN_MAX_COMMENTARY = 3_000;
/** How long an uploaded LinkedIn image stays PROCESSING (simulated time) unless a fault sets it. */
export const LINKEDIN_PROCESSING_MS = 300;
export const LINKEDIN_UPLOAD_URL_TTL_MS = 3_600_000;
/** Versions stay active this many months after their release. */
export const LINKEDIN_VERSION_LIFETIME_MONTHS = 12;
