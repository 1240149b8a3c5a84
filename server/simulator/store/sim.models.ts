import mongoose, { type InferSchemaType, Schema } from 'mongoose';

const platform = { type: String, enum: ['facebook', 'linkedin'], required: true } as const;

const accountSchema = new Schema(
  {
    platform,
    externalId: { type: String, required: true },
    name: { type: String, required: true },
    vanityName: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'sim_accounts', versionKey: false },
);
accountSchema.index({ platform: 1, externalId: 1 }, { unique: true });

const tokenSchema = new Schema(
  {
    token: { type: String, required: true, unique: true },
    platform,
    /** user: Facebook user; page: Facebook page; member: LinkedIn access; refresh: LinkedIn refresh. */
    kind: { type: String, enum: ['user', 'page', 'member', 'refresh'], required: true },
    userId: { type: String, required: true },
    /** The page or organization the token is bound to (page tokens, admin-provisioned tokens). */
    accountId: { type: String, default: null },
    scopes: { type: [String], default: [] },
    longLived: { type: Boolean, default: false },
    issuedAt: { type: Date, required: true },
    expiresAt: { type: Date, default: null },
    revoked: { type: Boolean, default: false },
  },
  { collection: 'sim_tokens', versionKey: false },
);

const codeSchema = new Schema(
  {
    code: { type: String, required: true, unique: true },
    platform,
    clientId: { type: String, required: true },
    redirectUri: { type: String, required: true },
    scopes: { type: [String], default: [] },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'sim_codes', versionKey: false },
);

// Posts and media are found by their platform id; it is also their `_id` (older documents
// keep an ObjectId), since FerretDB's SQLite backend pushes down nothing but `_id` filters.
const mediaSchema = new Schema(
  {
    _id: { type: Schema.Types.Mixed },
    mediaId: { type: String, required: true, unique: true },
    /** The key of its bytes in SimMediaBytes (their SHA-256); unset for media stored under their own id. */
    bytesId: { type: String, default: null },
    platform,
    accountId: { type: String, required: true },
    contentType: { type: String, default: null },
    size: { type: Number, default: 0 },
    /** LinkedIn: WAITING_UPLOAD, PROCESSING, AVAILABLE, PROCESSING_FAILED. Facebook photos: AVAILABLE. */
    status: { type: String, required: true },
    uploadKey: { type: String, default: null },
    uploadExpiresAt: { type: Date, default: null },
    availableAt: { type: Date, default: null },
    /** Facebook: the post that uses this photo; unset while the photo is staged. */
    postId: { type: String, default: null },
    caption: { type: String, default: '' },
    altText: { type: String, default: '' },
    temporary: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
  },
  { collection: 'sim_media', versionKey: false },
);
mediaSchema.index({ uploadKey: 1 });

/**
 * A medium's bytes, apart from its metadata and keyed by its media id: every lookup of
 * metadata by another field scans the collection on FerretDB, which must not decode images.
 */
const mediaBytesSchema = new Schema(
  {
    _id: { type: String, required: true },
    data: { type: Buffer, required: true },
  },
  { collection: 'sim_media_bytes', versionKey: false },
);

const postSchema = new Schema(
  {
    _id: { type: Schema.Types.Mixed },
    postId: { type: String, required: true, unique: true },
    platform,
    accountId: { type: String, required: true },
    /** What the client sent, and what a person sees (LinkedIn cuts unescaped little text). */
    message: { type: String, default: '' },
    displayText: { type: String, default: '' },
    link: { type: String, default: null },
    mediaIds: { type: [String], default: [] },
    altText: { type: String, default: '' },
    published: { type: Boolean, default: true },
    publishAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'sim_posts', versionKey: false },
);
postSchema.index({ platform: 1, accountId: 1, createdAt: -1 });

const faultSchema = new Schema(
  {
    _id: { type: String, required: true },
    platform,
    externalId: { type: String, required: true },
    latencyMs: { type: Number, default: 0 },
    error5xxRate: { type: Number, default: 0 },
    burst429: { type: Number, default: 0 },
    tokenExpired: { type: Boolean, default: false },
    tokenRevoked: { type: Boolean, default: false },
    passwordChanged: { type: Boolean, default: false },
    permissionLost: { type: Boolean, default: false },
    policyBlock: { type: Boolean, default: false },
    postingTooFast: { type: Boolean, default: false },
    /** The next N content-creating calls create the post, then answer as a failure. */
    outcomeLost: { type: Number, default: 0 },
    outcomeLostMode: { type: String, enum: ['error', 'reset'], default: 'error' },
    duplicateDetection: { type: Boolean, default: null },
    processingFails: { type: Boolean, default: false },
    processingMs: { type: Number, default: null },
    callBudget: { type: Number, default: null },
    /** Graph insights metrics refused as invalid on this page (as a deprecated one is). */
    rejectMetrics: { type: [String], default: [] },
    /** LinkedIn: every post's likeCount is reported this much lower (likes withdrawn), even below 0. */
    likesWithdrawn: { type: Number, default: 0 },
    calls: { type: Number, default: 0 },
    /** Token faults hit tokens issued up to this (simulated) time; a token got later works. */
    setAt: { type: Date, default: null },
  },
  { collection: 'sim_faults', versionKey: false },
);

/** The clock offset (`_id: 'clock'`). Call counters are in Redis; window documents written before stay unread. */
const counterSchema = new Schema(
  {
    _id: { type: String, required: true },
    value: { type: Number, default: 0 },
    expiresAt: { type: Date, default: null },
  },
  { collection: 'sim_counters', versionKey: false },
);

// Duplicate-text markers are in Redis (text-markers.ts); documents of the former `sim_markers`
// collection stay unread.

export const SimAccount = mongoose.model('SimAccount', accountSchema);
export const SimToken = mongoose.model('SimToken', tokenSchema);
export const SimCode = mongoose.model('SimCode', codeSchema);
export const SimMedia = mongoose.model('SimMedia', mediaSchema);
export const SimMediaBytes = mongoose.model('SimMediaBytes', mediaBytesSchema);
export const SimPost = mongoose.model('SimPost', postSchema);
export const SimFault = mongoose.model('SimFault', faultSchema);
export const SimCounter = mongoose.model('SimCounter', counterSchema);

export type Platform = 'facebook' | 'linkedin';
export type SimAccountDoc = InferSchemaType<typeof accountSchema>;
export type SimTokenDoc = InferSchemaType<typeof tokenSchema>;
/** Media metadata; the bytes are in SimMediaBytes under the media id. */
export type SimMediaDoc = InferSchemaType<typeof mediaSchema>;
export type SimPostDoc = InferSchemaType<typeof postSchema>;
export type SimFaultDoc = InferSchemaType<typeof faultSchema>;

const all = [SimAccount, SimToken, SimCode, SimMedia, SimMediaBytes, SimPost, SimFault, SimCounter];
let indexes: Promise<unknown> | undefined;

/** Builds the simulator's indexes once per process (models may register after connectMongo). */
export function ensureSimulatorIndexes(): Promise<unknown> {
  indexes ??= Promise.all(all.map((m) => m.createIndexes())).catch((err) => {
    indexes = undefined;
    throw err;
  });
  return indexes;
}
