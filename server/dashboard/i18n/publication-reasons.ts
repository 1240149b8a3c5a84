import type { Locale } from './index.js';

/**
 * Why a publication or a channel is where it is, said in the user's language. The services
 * and the platforms explain in English; the dashboard shows a translated explanation chosen
 * by the error's class and code (or a known reason), and the platform's own text after it,
 * smaller, for support.
 */
export interface Explanation {
  text?: string;
  /** The original English texts, shown secondary. */
  raw: string[];
}

const byCode: Record<string, string> = {
  caption_too_long: 'Le texte dépasse la limite de la plateforme : raccourcissez-le, puis relancez.',
  image_too_large: 'L’image est trop lourde pour la plateforme : générez-la de nouveau, puis relancez.',
  image_type_unsupported: 'La plateforme n’accepte pas ce type d’image.',
  image_too_many_pixels: 'L’image compte trop de pixels pour la plateforme.',
  image_missing: 'L’image de la publicité est absente : générez-la, puis relancez.',
  role_lost:
    'Le compte connecté n’administre plus cette page : reconnectez le canal avec un compte administrateur.',
  permission_missing:
    'Il manque une autorisation au canal : reconnectez-le en acceptant toutes les autorisations.',
  app_not_configured:
    'L’application de la plateforme n’est pas configurée sur ce serveur : avisez l’administrateur.',
  read_back_incomplete: 'Vitrine n’a pas pu relire la page pour vérifier la publication.',
  // pre-flight checks
  ad_missing: 'La publicité a été supprimée ou archivée.',
  approval_missing: 'La publicité attend encore l’approbation des entreprises mises en vedette.',
  channel_not_connected: 'Le canal n’est pas connecté : reconnectez-le.',
  channel_removed: 'Le canal a été retiré.',
  render_missing: 'L’image de la publicité n’est pas encore générée.',
  token_invalid: 'Le jeton du canal n’est plus valide : reconnectez le canal.',
};

const byClass: Record<string, string> = {
  retryable: 'La plateforme n’a pas répondu ou a demandé d’attendre; Vitrine réessaiera.',
  permanent: 'La plateforme a refusé la publication telle quelle : corrigez la publicité, puis relancez.',
  reconnect: 'La plateforme a refusé l’accès au canal : reconnectez-le, puis relancez.',
  unknown_outcome:
    'Vitrine ne sait pas si la publication est partie : vérifiez la page, marquez-la comme publiée si elle y est, sinon relancez.',
};

const roles: Record<string, string> = { admin: 'administration', strategist: 'stratège', member: 'membre' };
/** "Ana (strategist)" → "Ana (stratège)". */
const person = (who: string) =>
  who.replace(/\((\w+)\)$/, (whole, role: string) => (roles[role] ? `(${roles[role]})` : whole));

const byReason: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^Cancelled by (.+)\.$/, (m) => `Annulée par ${person(m[1]!)}.`],
  [/^Retried by (.+)\.$/, (m) => `Relancée par ${person(m[1]!)}.`],
  [/^Marked as posted by (.+)\.$/, (m) => `Marquée comme publiée par ${person(m[1]!)}.`],
  [
    /^Its time \((.+)\) passed more than (\d+) min ago while nothing ran/,
    (m) =>
      `Son heure (${m[1]}) est passée depuis plus de ${m[2]} min sans envoi : relancez-la maintenant ou annulez-la.`,
  ],
  [
    /^The channel cannot post before (.+?) \(/,
    (m) =>
      `Le canal ne peut pas publier avant ${m[1]} (limite de fréquence) : replanifiez-la après, ou annulez-la.`,
  ],
  [
    /^The channel was reconnected after the publication’s time/,
    () => 'Le canal a été reconnecté après l’heure prévue : relancez-la maintenant ou annulez-la.',
  ],
  [/^Vitrine could not tell whether the post went out/, () => byClass.unknown_outcome!],
  [
    /^The page was read back and the post was not there/,
    () => 'La page a été relue et la publication n’y était pas : Vitrine la publie de nouveau.',
  ],
  [/^The ad was deleted or archived\.$/, () => byCode.ad_missing!],
  [/^The channel was removed\.$/, () => byCode.channel_removed!],
  [/^The channel is disabled\.$/, () => 'Le canal est désactivé.'],
  [/^The channel needs reconnecting/, () => 'Le canal doit être reconnecté; la publication attend.'],
  [/^The ad has no template/, () => 'La publicité n’a pas de gabarit, donc pas d’image à publier.'],
];

const dedupe = (lines: (string | null | undefined)[]) =>
  lines.filter((line, i, all): line is string => Boolean(line) && all.indexOf(line) === i);

/** A publication's reason: from its last error's code or class, else its status reason. */
export function explainPublication(
  locale: Locale,
  p: {
    status: string;
    statusReason: string | null;
    lastError: { class: string; code: string; message: string } | null;
  },
): Explanation {
  const error = p.status !== 'published' ? p.lastError : null;
  const raw = dedupe([p.statusReason, error?.message]);
  if (locale === 'en') return { raw: [], ...(raw.length ? { text: raw.join(' ') } : {}) };
  const known = p.statusReason ? byReason.find(([pattern]) => pattern.test(p.statusReason!)) : undefined;
  if (known && !error) return { text: known[1](p.statusReason!.match(known[0])!), raw: [] };
  const text = error ? (byCode[error.code] ?? byClass[error.class]) : undefined;
  return text ? { text, raw } : { raw };
}

/** A pre-flight problem, by its code. */
export function explainProblem(locale: Locale, problem: { code: string; message: string }): Explanation {
  const text = locale === 'fr' ? byCode[problem.code] : undefined;
  return text ? { text, raw: [problem.message] } : { text: problem.message, raw: [] };
}

/** Why a channel needs attention, from its status; the platform's words after. */
export function explainChannel(locale: Locale, status: string, reason: string | null): Explanation {
  if (locale === 'en' || !reason) return { raw: [], ...(reason ? { text: reason } : {}) };
  // Vitrine's own reasons are translated, not shown as "the platform's words".
  if (reason === 'Disabled by staff.') return { text: 'Le canal a été désactivé par l’équipe.', raw: [] };
  const text =
    status === 'needs_reconnection'
      ? 'La plateforme refuse l’accès à ce canal (jeton expiré ou rôle perdu) : reconnectez-le.'
      : status === 'disabled'
        ? 'Le canal est désactivé.'
        : undefined;
  return text ? { text, raw: [reason] } : { raw: [reason] };
}
