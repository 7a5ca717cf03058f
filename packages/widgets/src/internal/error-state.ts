import { SpindleApiError } from '@spindle/sdk';
import { html, nothing, type TemplateResult } from 'lit';
import type { Messages } from '../i18n/messages.js';
import { messageOf } from './load-context.js';

/**
 * What an element shows when loading failed: the reason, a retry button, and
 * under a 401 or 403 how a page passes its credential (a dashboard behind API
 * keys otherwise shows only "401 Unauthorized" and no way in).
 */
export function errorState(error: unknown, m: Messages, retry: () => void): TemplateResult {
  const denied = error instanceof SpindleApiError && (error.problem.status === 401 || error.problem.status === 403);
  return html`<div class="state error" role="alert" part="error">
    <p>${m.couldNotLoad(messageOf(error))}</p>
    ${denied ? html`<p class="help">${m.accessHelp}</p>` : nothing}
    <button part="retry" @click=${retry}>${m.retry}</button>
  </div>`;
}
