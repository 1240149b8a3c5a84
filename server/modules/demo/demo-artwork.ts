import { escapeHtml } from '../../lib/html.js';

/** Generated artwork for the demo members: a logo (initials on the brand colour) and a stand-in photo. */

function initials(name: string): string {
  const words = name
    .replace(/^(Coop(érative)?|Café-coop|CPE|La|Le|Les|L’|L')\s+/i, '')
    .split(/[\s'’-]+/)
    .filter((w) => w.length > 2 && /^\p{Lu}/u.test(w));
  return (
    words
      .slice(0, 2)
      .map((w) => w[0])
      .join('') ||
    name[0] ||
    '?'
  ).toUpperCase();
}

export function logoSvg(name: string, colour: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400">
  <rect width="400" height="400" rx="72" fill="${colour}"/>
  <circle cx="310" cy="90" r="46" fill="#FFFFFF" fill-opacity="0.25"/>
  <path d="M40 330 Q200 250 360 330" stroke="#FFFFFF" stroke-opacity="0.5" stroke-width="14" fill="none"/>
  <text x="200" y="238" text-anchor="middle" font-family="Inter, Lato, sans-serif" font-weight="800" font-size="150" fill="#FFFFFF">${escapeHtml(initials(name))}</text>
</svg>`;
}

export function photoSvg(colour: string, seed: number): string {
  const hills = [0, 1, 2]
    .map((i) => {
      const y = 420 + i * 90 + ((seed * 37 + i * 53) % 60);
      return `<path d="M0 ${y} Q300 ${y - 160 + i * 30} 600 ${y - 20} T1200 ${y - 40} V800 H0 Z" fill="${colour}" fill-opacity="${0.35 + i * 0.25}"/>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800" viewBox="0 0 1200 800">
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#FDF6E3"/><stop offset="1" stop-color="#E0F2FE"/></linearGradient></defs>
  <rect width="1200" height="800" fill="url(#sky)"/>
  <circle cx="${900 - (seed % 5) * 90}" cy="190" r="80" fill="#FBBF24" fill-opacity="0.8"/>
  ${hills}
</svg>`;
}
