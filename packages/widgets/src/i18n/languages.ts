import { de } from './de.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { en, type Messages } from './messages.js';

const languages = new Map<string, Messages>([
  ['en', en],
  ['de', de],
  ['es', es],
  ['fr', fr],
]);

/**
 * Adds a language, or replaces one: elements whose `locale` or `lang` is `tag`
 * (e.g. `it`, or `pt-BR` for Brazil only) speak it from their next render. A
 * region's entry wins over its language's.
 */
export function defineLanguage(tag: string, messages: Messages): void {
  languages.set(tag.toLowerCase(), messages);
}

/** The messages of `locale`: its exact tag, else its language, else English. */
export function messagesFor(locale: string): Messages {
  const tag = locale.toLowerCase();
  return languages.get(tag) ?? languages.get(tag.split('-')[0]!) ?? en;
}
