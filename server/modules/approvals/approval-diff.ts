import type { Ad } from '../ads/ad.service.js';

/** The content a member approves: what the published post shows. */
export interface AdContent {
  templateId: string | null;
  fields: Record<string, string>;
  caption: { default: string; facebook?: string; linkedin?: string };
  link: string | null;
}

/** One changed value: `field` is a dotted path ("fields.headline", "caption.facebook", "link"). */
export interface ContentChange {
  field: string;
  before: string;
  after: string;
}

export function contentOf(ad: Ad): AdContent {
  return { templateId: ad.templateId, fields: { ...ad.fields }, caption: { ...ad.caption }, link: ad.link };
}

function flatten(content: AdContent): Map<string, string> {
  const flat = new Map<string, string>();
  flat.set('templateId', content.templateId ?? '');
  for (const [k, v] of Object.entries(content.fields ?? {})) flat.set(`fields.${k}`, v ?? '');
  for (const [k, v] of Object.entries(content.caption ?? {})) flat.set(`caption.${k}`, v ?? '');
  flat.set('link', content.link ?? '');
  return flat;
}

/** What differs between two versions of an ad's content, field by field, in a stable order. */
export function contentChanges(before: AdContent, after: AdContent): ContentChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const fields = [...new Set([...a.keys(), ...b.keys()])].sort();
  return fields
    .map((field) => ({ field, before: a.get(field) ?? '', after: b.get(field) ?? '' }))
    .filter((c) => c.before !== c.after);
}
