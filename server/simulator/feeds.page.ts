import { type Response, Router } from 'express';
import { html } from '../lib/html.js';
import { page } from './consent.page.js';
import { littleText } from './linkedin/little-text.js';
import { metricsAt } from './metrics.js';
import { findAccount, listAccounts, listPosts } from './store/accounts.js';
import { readBytes } from './store/media-bytes.js';
import { SimMedia, type SimPostDoc } from './store/sim.models.js';
import { simNow } from './store/sim.store.js';

const CSP =
  "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; form-action 'self' http: https:";
const feedStyle = html`<style>
.post{background:#fff;border-radius:8px;box-shadow:0 1px 2px #0003;margin:0 auto 1rem;max-width:34rem}
.head{padding:.8rem 1rem;display:flex;gap:.6rem;align-items:center}.avatar{width:2.5rem;height:2.5rem;border-radius:50%;
background:#1877f2;color:#fff;display:grid;place-items:center;font-weight:bold}.linkedin .avatar{border-radius:4px;background:#0a66c2}
.when{color:#65676b;font-size:.8rem}.text{padding:0 1rem .8rem;white-space:pre-wrap}.post img{width:100%;display:block}
.stats{padding:.6rem 1rem;color:#65676b;font-size:.85rem;border-top:1px solid #ddd;display:flex;gap:1rem;flex-wrap:wrap}
.tag{color:#0a66c2;font-weight:600}.draft{background:#fff3cd;padding:.2rem .5rem;font-size:.8rem}
</style>`;

function send(res: Response, status: number, body: string): void {
  res.status(status).setHeader('Content-Security-Policy', CSP).type('html').send(body);
}

/** Renders LinkedIn hashtags as a reader sees them; the text was already cut like the API does. */
function linkedinText(displayText: string) {
  return displayText
    .split(/(#[\p{L}\p{N}]+)/u)
    .map((part, i) => (i % 2 ? html`<span class="tag">${part}</span>` : part));
}

function postCard(post: SimPostDoc, name: string, base: string, now: Date) {
  const m = metricsAt(post, now);
  const isLinkedIn = post.platform === 'linkedin';
  const text = isLinkedIn ? linkedinText(littleText(post.message).display) : post.displayText;
  const status = !post.published
    ? 'draft / unpublished'
    : post.publishAt > now
      ? `scheduled for ${post.publishAt.toISOString()}`
      : null;
  return html`<article class="post ${post.platform}" id="${post.postId}">
<div class="head"><div class="avatar">${name.slice(0, 1).toUpperCase()}</div><div><strong>${name}</strong>
<div class="when">${post.publishAt.toISOString().replace('T', ' ').slice(0, 16)} UTC · ${post.postId}</div></div></div>
${status ? html`<p class="draft">${status}</p>` : ''}
<div class="text">${text}</div>
${post.link ? html`<p class="text"><a href="${post.link}">${post.link}</a></p>` : ''}
${post.mediaIds.map((id) => html`<img src="${base}/media/${encodeURIComponent(id)}" alt="${post.altText}">`)}
<div class="stats"><span>${m.views} views</span><span>${m.uniqueViews} people</span><span>${m.reactions} ${isLinkedIn ? 'likes' : 'reactions'}</span>
<span>${m.comments} comments</span><span>${m.shares} ${isLinkedIn ? 'reposts' : 'shares'}</span><span>${m.clicks} clicks</span></div>
</article>`;
}

/** Pages for a person: the sandbox accounts, each feed as the platform would show it, the images. */
export function feedsRouter(): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const base = res.locals.simPublicUrl as string;
    const accounts = await listAccounts();
    const items = accounts.map(
      (a) =>
        html`<li><a href="${base}/feeds/${a.platform}/${a.externalId}">${a.name}</a> — ${a.platform} ${a.externalId}</li>`,
    );
    send(
      res,
      200,
      page(
        'Sandbox feeds',
        html`<main><h1>Sandbox accounts</h1><ul>${items.length ? items : html`<li>None yet.</li>`}</ul></main>`,
      ),
    );
  });
  router.get('/feeds/:platform/:externalId', async (req, res) => {
    const base = res.locals.simPublicUrl as string;
    const p =
      req.params.platform === 'linkedin'
        ? 'linkedin'
        : req.params.platform === 'facebook'
          ? 'facebook'
          : null;
    const account = p ? await findAccount(p, req.params.externalId) : null;
    if (!p || !account) {
      send(
        res,
        404,
        page(
          'Not found',
          html`<main><h1>No such sandbox account</h1><p><a href="${base}/">All accounts</a></p></main>`,
        ),
      );
      return;
    }
    const now = await simNow();
    const posts = await listPosts(p, account.externalId);
    const cards = posts.map((post) => postCard(post, account.name, base, now));
    const body = html`${feedStyle}<h1 style="text-align:center">${account.name} <small>(${p} sandbox)</small></h1>
<p style="text-align:center"><a href="${base}/">All accounts</a> · simulated time ${now.toISOString()}</p>
${cards.length ? cards : html`<p style="text-align:center">Nothing posted yet.</p>`}`;
    send(res, 200, page(`${account.name} — sandbox feed`, body));
  });
  router.get('/media/:id', async (req, res) => {
    const media =
      (await SimMedia.findById(req.params.id, { contentType: 1, bytesId: 1 }).lean()) ??
      (await SimMedia.findOne({ mediaId: req.params.id }, { contentType: 1, bytesId: 1 }).lean());
    const bytes = media?.contentType ? await readBytes({ _id: req.params.id, bytesId: media.bytesId }) : null;
    if (!bytes || !media?.contentType) {
      res.status(404).type('text').send('Not found');
      return;
    }
    res.type(media.contentType).setHeader('Cache-Control', 'public, max-age=86400').send(bytes);
  });
  return router;
}
