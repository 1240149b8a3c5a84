import { formatNumber, type Locale } from './index.js';

/**
 * Services describe bad input in English (the API's language). The dashboard shows those
 * messages beside French fields, so the known ones are translated here; an unknown one is
 * shown as it is rather than hidden.
 */
const exact: Record<string, string> = {
  'is required': 'est obligatoire',
  'is already used': 'est déjà utilisé',
  'is required for a member': 'est obligatoire pour un membre',
  'must name at least one enterprise': 'doit nommer au moins une entreprise',
  'must be true or false': 'doit être vrai ou faux',
  'must be on or after the start': 'doit être le même jour que le début ou après',
  'must be lower-case letters, digits and single hyphens':
    'ne doit contenir que des minuscules, des chiffres et des traits d’union simples',
  'must be at least 12 characters': 'doit compter au moins 12 caractères',
  'must be an email address': 'doit être une adresse courriel',
  'must be a web address starting with http:// or https://':
    'doit être une adresse Web commençant par http:// ou https://',
  'must be a hashtag: letters, digits and _ only': 'doit être un mot-clic : lettres, chiffres et _ seulement',
  'must be a date (YYYY-MM-DD) or an ISO date-time': 'doit être une date (AAAA-MM-JJ)',
  'must be a colour like #1F6F5C': 'doit être une couleur comme #1F6F5C',
  'is not valid CSV': 'n’est pas un fichier CSV valide',
  'is not an existing enterprise': 'n’est pas une entreprise existante',
  'is not an existing campaign': 'n’est pas une campagne existante',
  'is not a template': 'n’est pas un gabarit',
  'is featured in ads': 'figure dans des publicités',
  'is empty': 'est vide',
  'has scheduled or published ads': 'a des publicités planifiées ou publiées',
  'cannot be changed by a member': 'ne peut pas être modifié par un membre',
  'is not a readable image': 'n’est pas une image lisible',
  'unknown field': 'champ inconnu',
  'must be a text': 'doit être un texte',
  'must be a number': 'doit être un nombre',
  'must be a whole number': 'doit être un nombre entier',
  'must be a list': 'doit être une liste',
  'must be an object': 'est mal formé',
  'must be a date': 'doit être une date',
  'must have at least one item': 'doit contenir au moins un élément',
  'is invalid': 'est invalide',
  'not a text field of this template': 'n’est pas un champ texte de ce gabarit',
  'must be text': 'doit être un texte',
  required: 'est obligatoire',
  'is not a media id': 'n’est pas une image enregistrée',
  'is not an image': 'n’est pas une image',
  'changed meanwhile': 'a changé entre-temps : rechargez la page',
  'column is missing': 'colonne manquante',
  'is malformed': 'est mal formé',
  'is required when asking for changes': 'est obligatoire pour demander des changements',
  'must be approved or changes_requested': 'doit être « approuver » ou « demander des changements »',
  // exposure filters
  'is not a real date': 'n’est pas une date qui existe',
  'must be a month YYYY-MM': 'doit être un mois AAAA-MM',
  'must be 2000-01 or later': 'doit être 2000-01 ou après',
  'must not be before from': 'ne doit pas être avant la date de début',
  'give either month or from and to, not both': 'donnez un mois ou des dates, pas les deux',
  'is required with the other': 'est obligatoire avec l’autre date',
  'must be one of facebook, linkedin': 'doit être Facebook ou LinkedIn',
  'must be an ISO 8601 instant with Z or an offset': 'doit être un instant ISO 8601 avec Z ou un décalage',
  'matches no enterprise you can see': 'ne correspond à aucune entreprise que vous pouvez voir',
  'matches no campaign you can see': 'ne correspond à aucune campagne que vous pouvez voir',
  'matches no channel you can see': 'ne correspond à aucun canal que vous pouvez voir',
  // planner and scheduling
  'must name at least one channel': 'doit nommer au moins un canal',
  'must name at least one weekday': 'doit nommer au moins un jour',
  'must name at least one time': 'doit nommer au moins une heure',
  'must name at least one ad': 'sélectionnez au moins une publicité',
  'must be a time like 09:30': 'doit être une heure comme 09:30',
  'must be 1 (Monday) to 7 (Sunday)': 'doit être un jour de lundi à dimanche',
  'must be 0 or more': 'doit être 0 ou plus',
  'must be a date YYYY-MM-DD': 'doit être une date (AAAA-MM-JJ)',
  'must be a whole number of days from 0 to 60': 'doit être un nombre entier de jours, de 0 à 60',
  'must be render, approval or schedule': 'action inconnue',
  'is not an existing channel': 'n’est pas un canal existant',
  'is not an existing ad': 'n’est pas une publicité existante',
  'is not an ad of this campaign': 'n’est pas une publicité de cette campagne',
  'is in the past': 'est dans le passé',
  'is archived': 'est archivée',
  'has no template, so no image to publish': 'n’a pas de gabarit, donc pas d’image à publier',
  'already scheduled at that time': 'déjà planifiée à cette heure',
  'must be a local date and time like 2026-12-03T10:00, or ISO 8601 with an offset':
    'doit être une date et une heure, comme 2026-12-03 10:00',
  'is not the plan computed now (ads or publications changed)':
    'le plan a changé depuis l’aperçu (publicités ou publications modifiées)',
  // time log, settings and reports
  'must be a number of minutes': 'doit être un nombre de minutes',
  'must be a whole number of minutes': 'doit être un nombre entier de minutes',
  'must be at least 1 minute': 'doit être d’au moins 1 minute',
  'must be at most 1,440 minutes (one day)': 'doit être d’au plus 1 440 minutes (une journée)',
  'must be a day (YYYY-MM-DD)': 'doit être une date (AAAA-MM-JJ)',
  'must be a month (YYYY-MM)': 'doit être un mois (AAAA-MM)',
  'is in the future': 'est dans le futur',
  'has not ended yet': 'n’est pas encore terminé',
  'must not be after today': 'ne doit pas être après aujourd’hui',
  'must be a whole number of days from 1 to 365': 'doit être un nombre entier de jours, de 1 à 365',
  'does not exist': 'n’existe pas',
  'must be at most 1,000 characters': 'doit compter au plus 1 000 caractères',
  'must be a number of dollars per hour': 'doit être un montant en dollars par heure',
  'must be 10,000 or less': 'doit être 10 000 ou moins',
  'must have at most two decimals': 'doit avoir au plus deux décimales',
  'must be CAD': 'doit être CAD',
  // CSV files
  'has an unsupported encoding (binary or UTF-16 without BOM)':
    'n’est pas un texte lisible (fichier binaire ou UTF-16 sans BOM) : dans Excel, enregistrez-le en « CSV UTF-8 »',
  'is a workbook (xlsx), not CSV':
    'est un classeur Excel (xlsx), pas un fichier CSV : dans Excel, enregistrez-le en « CSV UTF-8 »',
  // channel connection (messages shown after the platform sends the user back)
  'The connection link expired or was already used. Start connecting again.':
    'Le lien de connexion a expiré ou a déjà servi. Recommencez la connexion.',
};

/** A MIME type as people know it: "image/jpeg" → "JPEG". */
const kindName = (mime: string) =>
  (
    ({
      'image/jpeg': 'JPEG',
      'image/png': 'PNG',
      'image/webp': 'WebP',
      'image/heic': 'HEIC',
      'image/heif': 'HEIF',
      'image/svg+xml': 'SVG',
      'image/gif': 'GIF',
      'text/csv': 'CSV',
      'application/pdf': 'PDF',
    }) as Record<string, string>
  )[mime] ?? mime;

/** "image/png, image/jpeg, image/svg+xml" → « une image PNG, JPEG ou SVG » / "a PNG, JPEG or SVG image". */
function kinds(list: string, locale: Locale): string {
  const mimes = list.split(/,\s*/);
  const names = [...new Set(mimes.map(kindName))];
  const or = locale === 'fr' ? ' ou ' : ' or ';
  const joined = names.length > 1 ? `${names.slice(0, -1).join(', ')}${or}${names.at(-1)}` : (names[0] ?? '');
  const images = mimes.every((m) => m.startsWith('image/'));
  if (locale === 'fr') return images ? `une image ${joined}` : `un fichier ${joined}`;
  return images ? `a ${joined} image` : `a ${joined} file`;
}

const platformName = (id: string) => (id === 'linkedin' ? 'LinkedIn' : id === 'facebook' ? 'Facebook' : id);

const patterns: [RegExp, (m: RegExpMatchArray) => string][] = [
  [
    /^The (\w+) connection was not approved(?:: (.+)|\.)$/s,
    (m) =>
      `La connexion à ${platformName(m[1]!)} n’a pas été approuvée${m[2] ? ` (réponse de la plateforme : « ${m[2]} »)` : '.'}`,
  ],
  [
    /^The (\w+) account you signed in with cannot publish to “(.+)” any more\. Sign in as one of its administrators\.$/s,
    (m) =>
      `Le compte ${platformName(m[1]!)} avec lequel vous vous êtes connecté·e ne peut plus publier sur « ${m[2]} ». Connectez-vous avec le compte d’un de ses administrateurs.`,
  ],
  [
    /^No (\w+) page or organization you administer was found for this account\.$/,
    (m) =>
      `Aucune page ni organisation ${platformName(m[1]!)} que vous administrez n’a été trouvée pour ce compte.`,
  ],
  [
    /^Connecting a real (\w+) account needs (.+) in the configuration\.$/,
    (m) => `Connecter un vrai compte ${platformName(m[1]!)} demande ${m[2]} dans la configuration.`,
  ],
  [
    /^is not approved by every featured enterprise \(revision (\d+)\): ask for approval on the ad's page$/,
    (m) =>
      `n’est pas approuvée par chaque entreprise mise en vedette (version ${m[1]}) : demandez l’approbation sur la page de la publicité`,
  ],
  [
    /^Too big: expected string to have <=(\d+) characters?$/,
    (m) => `doit compter au plus ${m[1]} caractères`,
  ],
  [/^Too small: expected string to have >=1 characters?$/, () => 'est obligatoire'],
  [
    /^Too small: expected string to have >=(\d+) characters?$/,
    (m) => `doit compter au moins ${m[1]} caractères`,
  ],
  [/^Too big: expected array to have <=(\d+) items?$/, (m) => `doit avoir au plus ${m[1]} éléments`],
  [/^Invalid option: expected one of (.+)$/, (m) => `doit être l’une des valeurs ${m[1]}`],
  [
    /^must be one of (.+) \(the content was (.+)\)$/,
    (m) =>
      `doit être ${kinds(m[1]!, 'fr')} (le contenu ${m[2] === 'not recognised' ? 'n’a pas été reconnu' : `est ${kindName(m[2]!)}`})`,
  ],
  [/^at most (\d+) characters$/, (m) => `doit compter au plus ${m[1]} caractères`],
  [/^at least (\d+) characters$/, (m) => `doit compter au moins ${m[1]} caractères`],
  [/^must have (\d+) items or fewer$/, (m) => `doit avoir au plus ${m[1]} éléments`],
  [/^must have at least (\d+) items$/, (m) => `doit avoir au moins ${m[1]} éléments`],
  [/^must be (-?[\d.]+) or less$/, (m) => `doit être ${m[1]} ou moins`],
  [/^must be (-?[\d.]+) or more$/, (m) => `doit être ${m[1]} ou plus`],
  [/^must be (\w+) or (\w+)$/, (m) => `doit être ${m[1]} ou ${m[2]}`],
  [/^is not a valid (\w+)$/, () => 'n’est pas une valeur valide'],
  [
    /^is (\d+) characters as (\w+) counts them( with the link)?; \w+ accepts at most (\d+) \(remove (\d+)\)$/,
    (m) =>
      `compte ${m[1]} caractères${m[3] ? ' avec le lien' : ''} tels que ${m[2]} les compte (un émoji en vaut souvent 2); ${m[2]} en accepte au plus ${m[4]} : retirez-en ${m[5]}`,
  ],
  [
    /^must be at most (\d+) characters as (\w+) counts them$/,
    (m) => `doit compter au plus ${m[1]} caractères tels que ${m[2]} les compte`,
  ],
  [/^Invalid input: expected (\w+), received (\w+)$/, () => 'n’est pas du bon type'],
  [/^must be one of (.+)$/, (m) => `doit être l’une des valeurs ${m[1]}`],
  [/^must be at most (\d+) characters$/, (m) => `doit compter au plus ${m[1]} caractères`],
  [/^must be (\d+) characters or fewer$/, (m) => `doit compter au plus ${m[1]} caractères`],
  [
    /^has characters the template's fonts cannot draw: (.+)$/,
    (m) => `contient des caractères que les polices du gabarit ne peuvent pas dessiner : ${m[1]}`,
  ],
  [
    /^asks for (\d+) slots but the period (\S+) to (\S+) holds (\d+) on these weekdays and times/,
    (m) =>
      `le plan demande ${m[1]} créneaux, mais la période du ${m[2]} au ${m[3]} n’en compte que ${m[4]} à ces jours et heures : ajoutez des jours ou des heures, ou planifiez moins de publicités`,
  ],
  [
    /^(\d+) of (\d+) ads find no slot that keeps (\S+) h between posts/,
    (m) =>
      `${m[1]} publicité(s) sur ${m[2]} ne trouvent aucun créneau qui garde ${m[3]} h entre deux publications d’un canal, évite les publications déjà prévues et répartit chaque entreprise sur les semaines : réduisez l’écart, ajoutez des jours ou des heures, ou planifiez moins de publicités`,
  ],
  [
    /^must be within the campaign's period \((\S+) to (\S+)\)$/,
    (m) => `doit être dans la période de la campagne (du ${m[1]} au ${m[2]})`,
  ],
  [
    /^must be on or after (\S+) \(the campaign's period left to plan\)$/,
    (m) => `doit être le ${m[1]} ou après (la période qui reste à planifier)`,
  ],
  [/^channel "(.+)" is disabled$/, (m) => `le canal « ${m[1]} » est désactivé`],
  [
    /^channel "(.+)" belongs to an enterprise this ad does not feature$/,
    (m) => `le canal « ${m[1]} » appartient à une entreprise que cette publicité ne présente pas`,
  ],
  [
    /^must be at most (\d+) days after from$/,
    (m) => `doit être au plus ${m[1]} jours après la date de début`,
  ],
  [/^must be at least (\d+) s from now$/, (m) => `doit être au moins ${m[1]} s après maintenant`],
  [/^must be within (\d+) days from now$/, (m) => `doit être dans les ${m[1]} prochains jours`],
  [
    /^is outside the campaign's period \((\S+) to (\S+)\)/,
    (m) => `est hors de la période de la campagne (du ${m[1]} au ${m[2]})`,
  ],
  [
    /^(\d\d:\d\d) does not exist on (\S+) in (\S+): clocks jump forward at that hour\. Choose (\S+) or (\S+)\.$/,
    (m) =>
      `${m[1]} n’existe pas le ${m[2]} (${m[3]}) : on avance l’heure à ce moment. Choisissez ${m[4]} ou ${m[5]}.`,
  ],
  // uploads of logos and photos
  [
    /^could not be converted from HEIC/,
    () =>
      'n’a pas pu être convertie depuis le format HEIC : sur l’iPhone, choisissez Réglages > Appareil photo > Formats > « Le plus compatible », ou partagez la photo par courriel en JPEG, puis téléversez le JPEG',
  ],
  [/^must not declare a DOCTYPE or entities$/, () => 'ne doit pas déclarer de DOCTYPE ni d’entités'],
  [/^must not load style sheets$/, () => 'ne doit pas charger de feuille de style'],
  [
    /^must not refer to external files or addresses \((.*)\)$/,
    (m) => `ne doit faire référence à aucun fichier ni aucune adresse externe (${m[1]})`,
  ],
  [/^is larger than (\d+) KB \(an SVG logo\)$/, (m) => `dépasse ${m[1]} Ko (un logo SVG)`],
  [/^at most (\d+) photos: remove one first$/, (m) => `au plus ${m[1]} photos : retirez-en une d’abord`],
  [/^must be a number from 0 to 1$/, () => 'doit être un nombre de 0 à 1'],
  [
    /^is (\d+) characters with the link; (\w+) accepts at most (\d+) \(remove (\d+)\)$/,
    (m) =>
      `compte ${m[1]} caractères avec le lien; ${m[2] === 'linkedin' ? 'LinkedIn' : 'Facebook'} en accepte au plus ${m[3]} (retirez-en ${m[4]})`,
  ],
];

/**
 * Messages that name a list of internal codes ("must be one of worker_coop, solidarity_coop, …")
 * or an id format ("must be a 24-character hexadecimal id"): on the dashboard these come from a
 * select or a picker left empty, so they read "choose one" in either language, never the codes.
 */
const choose =
  /^((must be one of |Invalid option: expected one of )(?!.*\(the content was)|must be a 24-character hexadecimal id$)/;
const chooseText: Record<Locale, string> = {
  fr: 'choisissez une option dans la liste',
  en: 'choose one of the options in the list',
};

/** English messages the API words for programs, reworded for people on the dashboard. */
const englishExact: Record<string, string> = {
  'must be a date (YYYY-MM-DD) or an ISO date-time': 'must be a date (YYYY-MM-DD)',
  'must be a local date and time like 2026-12-03T10:00, or ISO 8601 with an offset':
    'must be a date and time, like 2026-12-03 10:00',
};

/**
 * A service's problem message (English, the API's words) for a dashboard user: translated to
 * French, or reworded in English where the API's words are technical (codes, id formats).
 * An unknown message is returned as it is.
 */
/**
 * Counts of 1,000 and more as the counters beside the fields write them ("3 020" in French,
 * "3,020" in English). Only standalone whole numbers: dates, times, colours and ids are kept.
 */
function withLocaleNumbers(locale: Locale, text: string): string {
  return text.replace(/(?<![\w#:./,\-\u00a0\u202f])(\d{4,})(?![\w:./,\-\u00a0\u202f])/g, (digits) =>
    formatNumber(locale, Number(digits)),
  );
}

export function translateProblem(locale: Locale, message: string): string {
  return withLocaleNumbers(locale, translated(locale, message));
}

function translated(locale: Locale, message: string): string {
  if (choose.test(message) && exact[message] === undefined) return chooseText[locale];
  if (locale === 'en') {
    const mime = /^must be one of (.+) \(the content was (.+)\)$/.exec(message);
    if (mime)
      return `must be ${kinds(mime[1]!, 'en')} (the content was ${mime[2] === 'not recognised' ? 'not recognised' : kindName(mime[2]!)})`;
    return englishExact[message] ?? message;
  }
  const known = exact[message];
  if (known) return known;
  for (const [pattern, render] of patterns) {
    const match = message.match(pattern);
    if (match) return render(match);
  }
  return message;
}
