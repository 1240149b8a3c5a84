import type { Request } from 'express';
import { html, type SafeHtml } from '../../lib/html.js';
import type { Enterprise } from '../../modules/enterprises/enterprise.service.js';
import {
  addEnterprisePhoto,
  removeEnterprisePhoto,
  updateEnterprisePhoto,
} from '../../use-cases/update-enterprise.js';
import { type Locale, localeOf, t } from '../i18n/index.js';
import { type FieldErrors, fieldErrors, formField } from '../layout.js';

/**
 * The enterprise form's photo library (staff): each photo with its focal point (in % from
 * the left and the top; enterprise-form.js sets them from a click on the photo), the default
 * one, removal, and one new photo per submit with its own focal point.
 */
const pct = (v: number) => String(Math.round(v * 100));

function focalInputs(locale: Locale, suffix: string, x: string, y: string, errors?: FieldErrors): SafeHtml {
  const field = (axis: 'X' | 'Y', value: string) =>
    formField({
      name: `focal${axis}${suffix}`,
      type: 'number',
      label: t(locale, axis === 'X' ? 'enterprises.focalX' : 'enterprises.focalY'),
      value,
      errors,
    });
  return html`<div class="focal-inputs" role="group" aria-label="${t(locale, 'enterprises.focal')}">${field('X', x)}${field('Y', y)}</div>`;
}

function photoItem(locale: Locale, e: Enterprise, i: number, errors?: FieldErrors): SafeHtml {
  const p = e.photos[i]!;
  const suffix = `_${p.fileId}`;
  return html`<li class="photo-item">
    <div class="focal-picker" data-focal="${suffix}"><img src="${p.url}" alt="${t(locale, 'enterprises.photoAlt', { n: i + 1, name: e.name })}" width="200" loading="lazy"><span class="focal-dot" style="left:${pct(p.focal.x)}%;top:${pct(p.focal.y)}%"></span></div>
    ${focalInputs(locale, suffix, pct(p.focal.x), pct(p.focal.y), errors)}
    <label><input type="radio" name="photoDefault" value="${p.fileId}"${i === 0 ? html` checked` : ''}> ${t(locale, 'enterprises.photoDefault')}</label>
    <label><input type="checkbox" name="photoRemove" value="${p.fileId}"> ${t(locale, 'enterprises.photoRemove')}</label>
  </li>`;
}

export function photosFieldset(
  locale: Locale,
  enterprise: Enterprise | undefined,
  maxMegabytes: number,
  errors?: FieldErrors,
): SafeHtml {
  const photos = enterprise?.photos ?? [];
  return html`<fieldset class="photo-library"><legend>${t(locale, 'enterprises.photos')}</legend>
    <p class="hint">${t(locale, 'enterprises.focalHint')}</p>
    ${photos.length && enterprise ? html`<ul class="photo-items">${photos.map((_, i) => photoItem(locale, enterprise, i, errors))}</ul>` : ''}
    <div class="photo-new">
      ${formField({ name: 'photo', type: 'file', label: t(locale, 'enterprises.photoAdd'), hint: t(locale, 'enterprises.photoHint', { size: maxMegabytes }), accept: 'image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif', errors })}
      ${focalInputs(locale, '', '50', '50', errors)}
    </div>
  </fieldset>`;
}

/** A percentage field as 0..1, or a problem naming the field in the user's language. */
function unitOf(body: Record<string, unknown>, name: string, problems: FieldErrors, locale: Locale) {
  const raw = typeof body[name] === 'string' ? (body[name] as string).trim().replace(',', '.') : '';
  if (raw === '') return 0.5;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 100) {
    problems[name] = [t(locale, 'enterprises.focalRange')];
    return 0.5;
  }
  return value / 100;
}

type Upload = { buffer: Buffer; originalname: string; size: number };

/**
 * Applies the photo part of a submitted form: focal points moved, default chosen, photos
 * removed, a new photo added. Returns the problems by field, or undefined when all went well.
 */
export async function savePhotos(
  req: Request,
  enterprise: Enterprise,
  upload: Upload | undefined,
): Promise<FieldErrors | undefined> {
  const locale = localeOf(req);
  const body = (req.body ?? {}) as Record<string, unknown>;
  const problems: FieldErrors = {};
  const removed = new Set([body.photoRemove].flat().filter((v): v is string => typeof v === 'string'));
  try {
    for (const p of enterprise.photos) {
      if (removed.has(p.fileId)) {
        await removeEnterprisePhoto(req.user!, enterprise.id, p.fileId);
        continue;
      }
      const x = unitOf(body, `focalX_${p.fileId}`, problems, locale);
      const y = unitOf(body, `focalY_${p.fileId}`, problems, locale);
      const moved = Math.abs(x - p.focal.x) > 0.004 || Math.abs(y - p.focal.y) > 0.004;
      const makeDefault = body.photoDefault === p.fileId && enterprise.photos[0]?.fileId !== p.fileId;
      if (moved || makeDefault)
        await updateEnterprisePhoto(req.user!, enterprise.id, p.fileId, {
          ...(moved ? { focal: { x, y } } : {}),
          ...(makeDefault ? { default: true as const } : {}),
        });
    }
    if (upload && upload.size > 0) {
      const focal = {
        x: unitOf(body, 'focalX', problems, locale),
        y: unitOf(body, 'focalY', problems, locale),
      };
      if (Object.keys(problems).length === 0)
        await addEnterprisePhoto(req.user!, enterprise.id, upload, focal);
    }
  } catch (err) {
    const errors = fieldErrors(err, locale);
    if (!errors) throw err;
    return { photo: Object.values(errors).flat() };
  }
  return Object.keys(problems).length > 0 ? problems : undefined;
}
