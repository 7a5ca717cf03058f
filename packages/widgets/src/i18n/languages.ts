import { en, type Messages } from './messages.js';

const languages = new Map<string, Messages>([['en', en]]);

/**
 * The shipped languages besides English, each a chunk of its own loaded the
 * first time a page asks for it: a page in English (or in one language) does not
 * download the words of the others.
 */
const SHIPPED: Record<string, () => Promise<Messages>> = {
  de: async () => (await import('./de.js')).de,
  es: async () => (await import('./es.js')).es,
  fr: async () => (await import('./fr.js')).fr,
};
const loading = new Map<string, Promise<void>>();

/**
 * Adds a language, or replaces one: elements whose `locale` or `lang` is `tag`
 * (e.g. `it`, or `pt-BR` for Brazil only) speak it from their next render. A
 * region's entry wins over its language's.
 */
export function defineLanguage(tag: string, messages: Messages): void {
  languages.set(tag.toLowerCase(), messages);
}

/** The tag `locale` resolves to among those defined: its exact tag, else its language. */
function resolve(locale: string): string | undefined {
  const tag = locale.toLowerCase();
  const language = tag.split('-')[0]!;
  return [tag, language].find((t) => languages.has(t));
}

/** The messages of `locale`: its exact tag, else its language, else English (until its language has loaded, see loadLanguage). */
export function messagesFor(locale: string): Messages {
  const tag = resolve(locale);
  return tag ? languages.get(tag)! : en;
}

/** Loads `locale`'s language when it is a shipped one not loaded yet; null when there is nothing to load. */
export function loadLanguage(locale: string): Promise<void> | null {
  if (resolve(locale)) return null;
  const language = locale.toLowerCase().split('-')[0]!;
  const load = SHIPPED[language];
  if (!load) return null;
  let pending = loading.get(language);
  if (!pending) {
    pending = load().then(
      (messages) => {
        // defineLanguage may have given this language its own words meanwhile: those win.
        if (!languages.has(language)) languages.set(language, messages);
      },
      // The chunk did not arrive (a network error): English meanwhile, and the next element tries again.
      () => void loading.delete(language),
    );
    loading.set(language, pending);
  }
  return pending;
}
