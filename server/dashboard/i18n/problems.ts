import type { Locale } from './index.js';

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
  'must be a 24-character hexadecimal id': 'n’est pas un identifiant valide',
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
  'is malformed': 'est mal formé',
  'is required when asking for changes': 'est obligatoire pour demander des changements',
  'must be approved or changes_requested': 'doit être « approuver » ou « demander des changements »',
};

const patterns: [RegExp, (m: RegExpMatchArray) => string][] = [
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
  [/^Invalid input: expected (\w+), received (\w+)$/, () => 'n’est pas du bon type'],
  [/^must be one of (.+)$/, (m) => `doit être l’une des valeurs ${m[1]}`],
  [/^must be at most (\d+) characters$/, (m) => `doit compter au plus ${m[1]} caractères`],
  [/^must be (\d+) characters or fewer$/, (m) => `doit compter au plus ${m[1]} caractères`],
  [
    /^has characters the template's fonts cannot draw: (.+)$/,
    (m) => `contient des caractères que les polices du gabarit ne peuvent pas dessiner : ${m[1]}`,
  ],
];

export function translateProblem(locale: Locale, message: string): string {
  if (locale === 'en') return message;
  const known = exact[message];
  if (known) return known;
  for (const [pattern, render] of patterns) {
    const match = message.match(pattern);
    if (match) return render(match);
  }
  return message;
}
