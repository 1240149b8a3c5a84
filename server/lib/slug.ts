/** Lower-case, accent-free form of a text, used for slugs and accent-insensitive search and sort. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[œŒ]/g, 'oe')
    .replace(/[æÆ]/g, 'ae')
    .toLowerCase()
    .trim();
}

/** "Coopérative l'Éveil" → "cooperative-l-eveil". */
export function slugify(text: string): string {
  return foldText(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The first slug of `name` that `taken` refuses not: "name", then "name-2", "name-3"… */
export async function freeSlug(
  name: string,
  fallback: string,
  taken: (slug: string) => PromiseLike<unknown>,
): Promise<string> {
  const base = slugify(name) || fallback;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await taken(candidate))) return candidate;
  }
}
