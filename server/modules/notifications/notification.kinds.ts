import type { Locale } from '../users/user.model.js';

export const notificationKinds = [
  'approval_asked',
  'approval_given',
  'approval_refused',
  'publication_failed',
  'publication_held',
  'publication_unconfirmed',
  'publication_missed',
  'preflight_problem',
  'channel_reconnect',
  'report_ready',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

interface Text {
  title: string;
  body: string;
}

/** Titles and bodies per language; `{name}` takes the event's params. */
const texts: Record<Locale, Record<NotificationKind, Text>> = {
  fr: {
    approval_asked: {
      title: 'Approbation demandée : {ad}',
      body: 'La publicité « {ad} » met en vedette {enterprise}. Merci de l’approuver ou de demander des changements (version {revision}).',
    },
    approval_given: {
      title: '{enterprise} a approuvé « {ad} »',
      body: '{enterprise} a approuvé la version {revision} de la publicité « {ad} ». {comment}',
    },
    approval_refused: {
      title: '{enterprise} demande des changements à « {ad} »',
      body: '{enterprise} demande des changements à la version {revision} de « {ad} » : {comment}',
    },
    publication_failed: {
      title: 'Publication en échec : {ad}',
      body: 'La publication de « {ad} » sur {channel} ({when}) a échoué : {reason}',
    },
    publication_held: {
      title: 'Publication retenue : {ad}',
      body: 'La publication de « {ad} » sur {channel} ({when}) est retenue : {reason}',
    },
    publication_unconfirmed: {
      title: 'Publication non confirmée : {ad}',
      body: 'On ne sait pas si « {ad} » a été publiée sur {channel} ({when}) : {reason}',
    },
    publication_missed: {
      title: 'Publication manquée : {ad}',
      body: 'La publication de « {ad} » sur {channel} ({when}) a été manquée : {reason}',
    },
    preflight_problem: {
      title: 'Vérification préalable : problème pour « {ad} »',
      body: 'La publication de « {ad} » sur {channel} ({when}) a un problème : {reason}',
    },
    channel_reconnect: {
      title: 'Canal à reconnecter : {channel}',
      body: 'Le canal {channel} doit être reconnecté ; ses publications sont retenues d’ici là. {reason}',
    },
    report_ready: {
      title: 'Rapport d’exposition de {month} : {scope}',
      body: 'Le rapport d’exposition de {scope} pour {month} est prêt (version {version}). Le PDF est joint.',
    },
  },
  en: {
    approval_asked: {
      title: 'Approval requested: {ad}',
      body: 'The ad "{ad}" features {enterprise}. Please approve it or ask for changes (revision {revision}).',
    },
    approval_given: {
      title: '{enterprise} approved "{ad}"',
      body: '{enterprise} approved revision {revision} of the ad "{ad}". {comment}',
    },
    approval_refused: {
      title: '{enterprise} asks for changes to "{ad}"',
      body: '{enterprise} asks for changes to revision {revision} of "{ad}": {comment}',
    },
    publication_failed: {
      title: 'Publication failed: {ad}',
      body: 'Publishing "{ad}" on {channel} ({when}) failed: {reason}',
    },
    publication_held: {
      title: 'Publication held: {ad}',
      body: 'Publishing "{ad}" on {channel} ({when}) is held: {reason}',
    },
    publication_unconfirmed: {
      title: 'Publication unconfirmed: {ad}',
      body: 'It is unknown whether "{ad}" was posted on {channel} ({when}): {reason}',
    },
    publication_missed: {
      title: 'Publication missed: {ad}',
      body: 'Publishing "{ad}" on {channel} ({when}) was missed: {reason}',
    },
    preflight_problem: {
      title: 'Pre-flight check: a problem with "{ad}"',
      body: 'Publishing "{ad}" on {channel} ({when}) has a problem: {reason}',
    },
    channel_reconnect: {
      title: 'Channel to reconnect: {channel}',
      body: 'The channel {channel} needs reconnecting; its publications are held until then. {reason}',
    },
    report_ready: {
      title: 'Exposure report for {month}: {scope}',
      body: 'The exposure report of {scope} for {month} is ready (version {version}). The PDF is attached.',
    },
  },
};

/** Email lines around the event's text, per language. */
export const mailChrome: Record<Locale, { open: string; preferences: string }> = {
  fr: { open: 'Ouvrir :', preferences: 'Choisir les courriels reçus :' },
  en: { open: 'Open:', preferences: 'Choose which emails you receive:' },
};

/** The event's title and body in one language, params filled in (a missing one reads as "—"). */
export function textOf(
  locale: Locale,
  kind: NotificationKind,
  params: Record<string, string>,
): { title: string; body: string } {
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_w, name: string) => params[name] ?? '—').trim();
  const text = texts[locale][kind];
  return { title: fill(text.title), body: fill(text.body) };
}
