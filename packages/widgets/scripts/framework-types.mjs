// Writes the elements' typings for React 19's JSX, Vue and Svelte from
// custom-elements.json (run by `npm run build` after the manifest): every
// element, its attributes, the `client` property and its events.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const elements = manifest.modules
  .flatMap((m) => m.declarations ?? [])
  .filter((d) => d.tagName)
  .sort((a, b) => a.tagName.localeCompare(b.tagName));
if (elements.length === 0) throw new Error('custom-elements.json lists no element: run the analyzer first');

const HEADER = '// Generated from custom-elements.json by scripts/framework-types.mjs: do not edit.\n';
const classes = elements.map((e) => e.name).join(', ');
const imports = `import type { SpindleClient, SpindleEventDetail, ${classes} } from '../index.js';\n`;

/** A type as the manifest writes it, without `| undefined` (every prop here is optional). */
const typeOf = (attribute) =>
  (attribute.type?.text ?? 'string')
    .split('|')
    .map((t) => t.trim())
    .filter((t) => t !== 'undefined')
    .join(' | ');
const camel = (name) => name.replace(/-(\w)/g, (_, c) => c.toUpperCase());
const handler = (event) => `(event: CustomEvent<SpindleEventDetail['${event.name}']>) => void`;
const doc = (text) => (text ? `/** ${text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim()} */ ` : '');

function props(element, { attributeName, eventName }) {
  const lines = [
    ...(element.attributes ?? []).map((a) => `${doc(a.description)}${JSON.stringify(attributeName(a))}?: ${typeOf(a)};`),
    `/** A configured SDK client; takes precedence over api-url and token. */ client?: SpindleClient;`,
    ...(element.events ?? []).map((e) => `${doc(e.description)}${JSON.stringify(eventName(e.name))}?: ${handler(e)};`),
  ];
  return `{\n${lines.map((l) => `      ${l}`).join('\n')}\n    }`;
}

function write(file, body) {
  mkdirSync('dist/frameworks', { recursive: true });
  writeFileSync(`dist/frameworks/${file}`, `${HEADER}${body}`);
}

// React 19 sets a prop the element has as a property, any other as an attribute,
// and listens to `on<event-name>` props.
write(
  'react.d.ts',
  `import type { DetailedHTMLProps, HTMLAttributes } from 'react';
${imports}
type Base<E extends HTMLElement> = DetailedHTMLProps<HTMLAttributes<E>, E>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
${elements
  .map(
    (e) =>
      `      '${e.tagName}': Base<${e.name}> & ${props(e, { attributeName: (a) => a.name, eventName: (n) => `on${n}` }).replace(/\n {4}}/, '\n      }')};`,
  )
  .join('\n')}
    }
  }
}

export {};
`,
);

// Vue's templates write attributes in kebab case against camelCase props, and
// \`@spindle-select\` against \`onSpindleSelect\`.
write(
  'vue.d.ts',
  `import type { DefineComponent } from 'vue';
${imports}
declare module 'vue' {
  interface GlobalComponents {
${elements
  .map(
    (e) =>
      `    '${e.tagName}': DefineComponent<${props(e, {
        attributeName: (a) => camel(a.name),
        eventName: (n) => camel(`on-${n}`),
      })}>;`,
  )
  .join('\n')}
  }
}

export {};
`,
);

// Svelte 5 sets attributes and listens to \`on<event-name>\` attributes.
write(
  'svelte.d.ts',
  `import type { HTMLAttributes } from 'svelte/elements';
${imports}
declare module 'svelte/elements' {
  interface SvelteHTMLElements {
${elements
  .map((e) => `    '${e.tagName}': HTMLAttributes<${e.name}> & ${props(e, { attributeName: (a) => a.name, eventName: (n) => `on${n}` })};`)
  .join('\n')}
  }
}

export {};
`,
);
console.log(`framework typings: ${elements.length} elements → dist/frameworks/{react,vue,svelte}.d.ts`);
