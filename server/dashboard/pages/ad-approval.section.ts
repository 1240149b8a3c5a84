import type { Request } from 'express';
import { html, type SafeHtml } from '../../lib/html.js';
import { isStaff } from '../../modules/access/access.policy.js';
import type { ApprovalView } from '../../modules/approvals/approval.service.js';
import { formatDateTime, type Locale, type MessageKey, t } from '../i18n/index.js';
import { csrfField, type FieldErrors, textareaField } from '../layout.js';

const stateBadge = (locale: Locale, state: string) => {
  const tone =
    state === 'approved' ? ' badge-ok' : state === 'changes_requested' ? ' badge-bad' : ' badge-warn';
  return html`<span class="badge${tone}">${t(locale, `approval.state.${state}` as MessageKey)}</span>`;
};

function changesTable(locale: Locale, view: ApprovalView): SafeHtml {
  if (!view.changes || view.changes.list.length === 0) return html``;
  return html`<h3>${t(locale, 'approval.changes', { revision: view.changes.since })}</h3>
    <div class="table-wrap"><table><thead><tr><th scope="col">${t(locale, 'approval.field')}</th>
      <th scope="col">${t(locale, 'approval.before')}</th><th scope="col">${t(locale, 'approval.after')}</th></tr></thead>
      <tbody>${view.changes.list.map((c) => html`<tr><td>${fieldLabel(locale, c.field)}</td><td class="diff-before">${c.before || '—'}</td><td class="diff-after">${c.after || '—'}</td></tr>`)}</tbody></table></div>`;
}

function thread(locale: Locale, view: ApprovalView): SafeHtml {
  if (view.thread.length === 0) return html`<p class="muted">${t(locale, 'approval.noThread')}</p>`;
  return html`<ol class="approval-thread">${view.thread.map(
    (
      e,
    ) => html`<li><strong>${t(locale, `approval.kind.${e.kind}` as MessageKey)}</strong> · ${e.enterpriseName} ·
      ${t(locale, 'approval.revision', { revision: e.revision })} · <span class="muted">${e.by ?? ''}${e.via === 'link' ? html` (${t(locale, 'approval.viaLink')})` : ''} ·
      <time datetime="${e.at.toISOString()}">${formatDateTime(locale, e.at)}</time></span>
      ${e.comment ? html`<p>${e.comment}</p>` : ''}</li>`,
  )}</ol>`;
}

function decisionForm(req: Request, locale: Locale, view: ApprovalView, errors?: FieldErrors): SafeHtml {
  return html`<form method="post" action="/ads/${view.adId}/approval/decision" class="stack">${csrfField(req)}
    <input type="hidden" name="revision" value="${view.revision}">
    ${textareaField({ name: 'comment', label: t(locale, 'approval.comment'), hint: t(locale, 'approval.commentHint'), value: String(req.body?.comment ?? ''), errors, rows: 3 })}
    <p class="actions"><button type="submit" name="decision" value="approved" class="button primary">${t(locale, 'approval.approve')}</button>
      <button type="submit" name="decision" value="changes_requested" class="button">${t(locale, 'approval.requestChanges')}</button></p></form>`;
}

/** The ad page's approval: state per enterprise, what changed, the thread, and the actions that fit the reader. */
export function approvalSection(
  req: Request,
  locale: Locale,
  view: ApprovalView,
  errors?: FieldErrors,
): SafeHtml {
  const staff = isStaff(req.user!);
  const ask = staff
    ? html`<form method="post" action="/ads/${view.adId}/approval/request" class="inline-form">${csrfField(req)}
        <button type="submit" class="button">${t(locale, view.status === 'not_asked' ? 'approval.ask' : 'approval.askAgain')}</button></form>`
    : '';
  return html`<section id="approval"><h2>${t(locale, 'approval.title')} · ${t(locale, 'approval.revision', { revision: view.revision })}</h2>
    <p>${t(locale, view.required ? 'approval.required' : 'approval.notRequired')}</p>
    <ul>${view.enterprises.map((e) => html`<li>${e.name} : ${stateBadge(locale, e.state)}${e.comment ? html` — ${e.comment}` : ''}</li>`)}</ul>
    ${ask}
    ${changesTable(locale, view)}
    ${staff ? '' : decisionForm(req, locale, view, errors)}
    <h3>${t(locale, 'approval.thread')}</h3>${thread(locale, view)}</section>`;
}

const fieldLabels: Record<string, MessageKey> = {
  templateId: 'ads.template',
  link: 'ads.link',
  'caption.default': 'ads.captionDefault',
  'caption.facebook': 'ads.captionFacebook',
  'caption.linkedin': 'ads.captionLinkedin',
};

/** A changed value's name as the editor labels it (a template field: "Contenu du gabarit · headline"). */
function fieldLabel(locale: Locale, field: string): string {
  const key = fieldLabels[field];
  if (key) return t(locale, key);
  return field.startsWith('fields.')
    ? `${t(locale, 'ads.fields')} · ${field.slice('fields.'.length)}`
    : field;
}
