const NBSP = '\u00a0';

/** Characters XML 1.0 forbids (librsvg would refuse the whole SVG) and lone surrogates. */
const INVALID_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text for an SVG text node or attribute: user text can never become markup. */
export function escapeXml(text: string): string {
  return text.replace(INVALID_XML, '').replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}

/** Unicode NFC, no control characters, single spaces; line breaks kept for multi-line fields. */
export function cleanText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(INVALID_XML, '')
    .replace(/\t/g, ' ')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * French typography: curly apostrophes, « guillemets » with non-breaking spaces inside,
 * a non-breaking space before : ; ! ? (so the sign never starts a line), and an ellipsis.
 * A colon gets one only where a space was typed, so "14:30" and URLs stay intact.
 */
export function frenchTypography(text: string): string {
  return text
    .replace(/\.\.\./g, '…')
    .replace(/(\p{L})'/gu, '$1’')
    .replace(/"([^"\n]*)"/g, `«${NBSP}$1${NBSP}»`)
    .replace(/« */g, `«${NBSP}`)
    .replace(/ *»/g, `${NBSP}»`)
    .replace(/«\u00a0\u00a0+/g, `«${NBSP}`)
    .replace(/\u00a0\u00a0+»/g, `${NBSP}»`)
    .replace(/ +([:;!?])/g, `${NBSP}$1`)
    .replace(/([\p{L}\p{N}»)])([;!?]+)(?=\s|$)/gu, `$1${NBSP}$2`);
}

// Units and signs that follow a number: « 100 % », 25 $, 3 h, 12 km, 1,5 M$, 30 min.
const UNIT = String.raw`(?:%|‰|\$|€|£|¢|°C?|[kKM]\$|h|min|s|ms|km|m|cm|mm|kg|g|mg|t|L|l|ml|mL|ha|kWh|MW|kW|W|GES|tCO2e?|ans?|mois|jours?|semaines?|heures?|personnes?|emplois?)`;
const NUMBER_UNIT = new RegExp(String.raw`(\d) +(?=${UNIT}(?![\p{L}\p{N}]))`, 'gu');
// Digit groups: "12 500" (a thousands space) never breaks either.
const DIGIT_GROUPS = /(\d) (?=\d{3}(?!\d))/g;

/**
 * A number keeps its unit and its digit groups on its line: the spaces between them become
 * non-breaking, which the text fitter never breaks at ("100 %" never ends a line on "100").
 */
export function bindNumbers(text: string): string {
  return text.replace(DIGIT_GROUPS, `$1${NBSP}`).replace(NUMBER_UNIT, `$1${NBSP}`);
}

/** What a text layer shows: placeholders replaced, cleaned, French typography when asked. */
export function prepareText(
  pattern: string,
  values: Record<string, string | undefined>,
  options: { lang: 'fr' | 'en'; uppercase: boolean },
): string {
  const filled = pattern.replace(/\{([^}]*)\}/g, (_, name: string) => values[name] ?? '');
  // An empty placeholder must not leave a dangling separator ("· Coop" when the role is blank).
  let text = bindNumbers(cleanText(filled).replace(/^[\s·,–—|]+|[\s·,–—|]+$/g, ''));
  if (options.lang === 'fr') text = frenchTypography(text);
  return options.uppercase ? text.toLocaleUpperCase(options.lang === 'fr' ? 'fr-CA' : 'en-CA') : text;
}
