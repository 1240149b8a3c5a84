const RESERVED = new Set(['|', '{', '}', '@', '[', ']', '(', ')', '<', '>', '#', '*', '_', '~']);
const HASHTAG = /^#[\p{L}\p{N}]+/u;
const MENTION = /^@\[([^\]\\]*)\]\((urn:li:(?:organization|person):[A-Za-z0-9_-]+)\)/;

/**
 * What LinkedIn shows for a "little" text commentary: backslash escapes are undone, hashtags
 * and mentions are kept (a mention shows its name), and the text is silently cut at the
 * first unescaped reserved character, as the real API does.
 */
export function littleText(input: string): { display: string; kept: string } {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (c === '\\') {
      if (i + 1 >= input.length) break;
      out += input[i + 1];
      i += 2;
      continue;
    }
    const rest = input.slice(i);
    const hashtag = c === '#' ? HASHTAG.exec(rest) : null;
    const mention = c === '@' ? MENTION.exec(rest) : null;
    if (hashtag) {
      out += hashtag[0];
      i += hashtag[0].length;
    } else if (mention) {
      out += mention[1];
      i += mention[0].length;
    } else if (RESERVED.has(c)) {
      break;
    } else {
      out += c;
      i++;
    }
  }
  return { display: out, kept: input.slice(0, i) };
}
