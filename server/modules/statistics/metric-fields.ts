/** The metrics kept for a publication and in each snapshot, in one shape for every platform. */
export const metricsFields = {
  views: { type: Number, min: 0, default: 0 },
  reach: { type: Number, min: 0, default: 0 },
  clicks: { type: Number, min: 0, default: 0 },
  reactions: { type: Number, min: 0, default: 0 },
  comments: { type: Number, min: 0, default: 0 },
  shares: { type: Number, min: 0, default: 0 },
  engagementRate: { type: Number, min: 0, default: 0 },
  fetchedAt: { type: Date },
};
