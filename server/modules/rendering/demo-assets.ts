import { svgToJpeg, svgToPng } from '../../lib/sharp.js';
import type { Design, ImageInput } from './renderer.js';
import type { Manifest } from './template.schemas.js';

/** A fictional member enterprise used by the gallery, the README samples, tests and the benchmark. */
export const DEMO_ENTERPRISE = { name: 'Coop Vélo-Cité', brandColor: '#1f7a5a' };

const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">
<circle cx="110" cy="190" r="70" fill="none" stroke="#1f7a5a" stroke-width="18"/>
<circle cx="290" cy="190" r="70" fill="none" stroke="#1f7a5a" stroke-width="18"/>
<path d="M110 190 L170 90 L250 90 L290 190 M170 90 L200 190 L250 90" fill="none" stroke="#f2a541" stroke-width="16" stroke-linejoin="round"/>
</svg>`;

/** A drawn, photo-like scene (sky, hills, sun) so demos need no binary photo in the repo. */
const PHOTO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1067" viewBox="0 0 1600 1067">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#8ec5e8"/><stop offset="1" stop-color="#f6e7c8"/></linearGradient></defs>
<rect width="1600" height="1067" fill="url(#sky)"/><circle cx="1180" cy="300" r="120" fill="#f9c74f"/>
<path d="M0 700 C300 560 500 620 800 690 C1100 760 1300 600 1600 640 L1600 1067 L0 1067 Z" fill="#6a994e"/>
<path d="M0 820 C400 740 700 800 1000 860 C1250 910 1450 840 1600 860 L1600 1067 L0 1067 Z" fill="#386641"/>
<circle cx="620" cy="860" r="90" fill="none" stroke="#222" stroke-width="14"/><circle cx="880" cy="860" r="90" fill="none" stroke="#222" stroke-width="14"/>
<path d="M620 860 L700 730 L820 730 L880 860 M700 730 L750 860 L820 730" fill="none" stroke="#c1121f" stroke-width="14"/>
</svg>`;

let assets: Promise<{ logo: ImageInput; photo: ImageInput }> | undefined;

export function demoImages(): Promise<{ logo: ImageInput; photo: ImageInput }> {
  assets ??= Promise.all([svgToPng(LOGO_SVG), svgToJpeg(PHOTO_SVG)]).then(([logo, photo]) => ({
    logo: { data: logo },
    photo: { data: photo, focal: { x: 0.47, y: 0.75 } },
  }));
  return assets;
}

/** A design filled with the template's demo values, in French or English. */
export async function demoDesign(
  manifest: Manifest,
  formatId: string,
  lang: 'fr' | 'en' = 'fr',
): Promise<Design> {
  const { logo, photo } = await demoImages();
  const fields: Record<string, string> = {};
  const images: Record<string, ImageInput> = {};
  for (const field of manifest.fields) {
    if (field.type === 'image') images[field.name] = photo;
    else fields[field.name] = field.demo[lang];
  }
  return {
    templateId: manifest.id,
    formatId,
    fields,
    images,
    enterprise: { ...DEMO_ENTERPRISE, logo },
    lang,
  };
}
