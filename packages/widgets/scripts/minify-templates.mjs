// Whitespace out of the `css` and `html` templates of the browser build: esbuild
// minifies code but leaves template text as written (about 3 KB of the entry).
// Runs of whitespace become one space, or the newlines they held (so lines and
// the source map stay put); CSS also loses the blanks around its punctuation.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const TAGS = new Set(['css', 'html', 'svg', 'staticHtml']);

const collapse = (text) => text.replace(/\s+/g, (run) => '\n'.repeat(run.split('\n').length - 1) || ' ');
const tighten = (text) =>
  collapse(text)
    .split('\n')
    .map((line) => line.replace(/ ?([{};,]) ?/g, '$1').replace(/: /g, ':'))
    .join('\n');

/** The source with the text of its css`` and html`` templates minified; expressions are left alone. */
export function minifyTemplates(source, fileName = 'source.ts') {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const edits = [];
  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && TAGS.has(node.tag.text)) {
      const minify = node.tag.text === 'css' ? tighten : collapse;
      const t = node.template;
      const parts = ts.isNoSubstitutionTemplateLiteral(t) ? [t] : [t.head, ...t.templateSpans.map((s) => s.literal)];
      for (const part of parts) {
        // The raw text sits between the backtick or `}` and the backtick or `${`.
        const start = part.getStart(file) + 1;
        const end =
          part.getEnd() - (part.kind === ts.SyntaxKind.TemplateTail || part.kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral ? 1 : 2);
        edits.push([start, end, minify(source.slice(start, end))]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = source;
  for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + text + out.slice(end);
  return out;
}

const OWN_SOURCES = fileURLToPath(new URL('../src/', import.meta.url));

/** The esbuild plugin: every TypeScript file of the package's src/ (not a dependency's) through minifyTemplates. */
export const minifyTemplatesPlugin = {
  name: 'minify-templates',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) =>
      args.path.startsWith(OWN_SOURCES)
        ? { contents: minifyTemplates(await readFile(args.path, 'utf8'), args.path), loader: 'ts' }
        : undefined,
    );
  },
};
