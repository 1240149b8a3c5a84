/** Characters the "little" text format reserves; each must be preceded by a backslash. */
const reservedChars = new Set(['\\', '|', '{', '}', '@', '[', ']', '(', ')', '<', '>', '#', '*', '_', '~']);

/** `@[Name](urn:li:organization:123)` or `…person:…`: an intended mention, kept as is. */
const mention = /@\[[^\\|{}@[\]()<>#*_~]+\]\(urn:li:(?:organization|person):[A-Za-z0-9-]+\)/y;

/** `#word` starting a word: an intended hashtag, kept as is. */
const hashtag = /#[\p{L}\p{N}]+/uy;

function intended(text: string, i: number): string | undefined {
  const ch = text[i];
  if (ch !== '@' && ch !== '#') return undefined;
  if (ch === '#' && i > 0 && !/[\s([{"'«]/.test(text[i - 1]!)) return undefined;
  const pattern = ch === '@' ? mention : hashtag;
  pattern.lastIndex = i;
  return pattern.exec(text)?.[0];
}

/**
 * Escapes text for a LinkedIn `commentary`. Unescaped reserved characters make
 * LinkedIn cut the text at the first one, silently, so every reserved character is
 * escaped except in intended mentions and hashtags.
 */
export function escapeLittleText(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const kept = intended(text, i);
    if (kept) {
      out += kept;
      i += kept.length;
      continue;
    }
    const ch = text[i]!;
    out += reservedChars.has(ch) ? `\\${ch}` : ch;
    i += 1;
  }
  return out;
}
