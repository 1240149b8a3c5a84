import { findAccount } from '../store/accounts.js';
import { findMedia, findPost } from '../store/lookups.js';
import type { SimAccountDoc, SimMediaDoc, SimPostDoc } from '../store/sim.models.js';
import { graphErrors } from './graph-errors.js';

export type GraphNode =
  | { kind: 'page'; pageId: string; account: SimAccountDoc }
  | { kind: 'post'; pageId: string; post: SimPostDoc }
  | { kind: 'photo'; pageId: string; photo: SimMediaDoc };

/** Finds what a Graph id names: a page, a post (`<page>_<post>`) or a photo. */
export async function resolveNode(id: string, method = 'get'): Promise<GraphNode> {
  if (/^\d+_\d+$/.test(id)) {
    const post = await findPost('facebook', id);
    if (post) return { kind: 'post', pageId: post.accountId, post };
  } else if (/^\d+$/.test(id)) {
    const account = await findAccount('facebook', id);
    if (account) return { kind: 'page', pageId: id, account };
    const photo = await findMedia('facebook', id);
    if (photo) return { kind: 'photo', pageId: photo.accountId, photo };
  }
  throw graphErrors.unsupported(id, method);
}

/** Splits `a,b.limit(0).summary(total_count),c{d,e}` at top-level commas. */
export function splitFields(fields: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of fields) {
    if (ch === '(' || ch === '{') depth++;
    if (ch === ')' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

export const fieldName = (field: string) => /^[a-z_]+/.exec(field)?.[0] ?? field;
