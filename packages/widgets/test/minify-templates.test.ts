import { describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without declarations
import { minifyTemplates } from '../scripts/minify-templates.mjs';

describe('minifyTemplates', () => {
  it('collapses the text of css and html templates, keeping their lines and expressions', () => {
    const source = [
      'const s = css`',
      '',
      '  :host {',
      '    color: var(--x, #fff);',
      '  }',
      '  @media (max-width: 600px) { .a > b, .c { gap: ${gap}px; } }',
      '`;',
      'const t = html`<div class="a  b">',
      '    ${x ? html`<b>  ${x}  </b>` : nothing}   <i>y</i>',
      '  </div>`;',
      'const u = `  left   alone  `;',
    ].join('\n');
    const out: string = minifyTemplates(source);
    expect(out).toBe(
      [
        'const s = css`',
        '',
        ':host{',
        'color:var(--x,#fff);',
        '}',
        '@media (max-width:600px){.a > b,.c{gap:${gap}px;}}',
        '`;',
        'const t = html`<div class="a b">',
        '${x ? html`<b> ${x} </b>` : nothing} <i>y</i>',
        '</div>`;',
        'const u = `  left   alone  `;',
      ].join('\n'),
    );
    expect(out.split('\n')).toHaveLength(source.split('\n').length);
  });
});
