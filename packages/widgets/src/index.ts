// The public surface of @spindle/widgets: importing it defines every <spindle-*>
// element whose name is still free on the page, and exports their classes.
import { defineElement } from './define.js';
import { defineLanguage } from './i18n/languages.js';
import { en, type Messages } from './i18n/messages.js';
import { SpindleAlertsElement } from './elements/spindle-alerts.js';
import { SpindleDashboardElement } from './elements/spindle-dashboard.js';
import { SpindleDowntimeElement } from './elements/spindle-downtime.js';
import { SpindleEnergyElement } from './elements/spindle-energy.js';
import { SpindleFleetElement } from './elements/spindle-fleet.js';
import { SpindleProgramsElement } from './elements/spindle-programs.js';
import { SpindleSensorStatsElement } from './elements/spindle-sensor-stats.js';
import { SpindleStateTimelineElement } from './elements/spindle-state-timeline.js';
import { SpindleStatusBoardElement } from './elements/spindle-status-board.js';
import { SpindleUtilizationElement } from './elements/spindle-utilization.js';

defineElement('spindle-utilization', SpindleUtilizationElement);
defineElement('spindle-state-timeline', SpindleStateTimelineElement);
defineElement('spindle-sensor-stats', SpindleSensorStatsElement);
defineElement('spindle-programs', SpindleProgramsElement);
defineElement('spindle-energy', SpindleEnergyElement);
defineElement('spindle-alerts', SpindleAlertsElement);
defineElement('spindle-downtime', SpindleDowntimeElement);
defineElement('spindle-fleet', SpindleFleetElement);
defineElement('spindle-dashboard', SpindleDashboardElement);
defineElement('spindle-status-board', SpindleStatusBoardElement);

// For pages loading the bundle with a <script>: a client to configure (token
// provider, API key, headers) and give to elements through their `client` property.
export { createSpindleClient, type ClientOptions, type SpindleClient } from '@spindle/sdk';

/**
 * The English words, to start a new language from (see defineLanguage). German,
 * Spanish and French ship as chunks of their own, loaded when a page asks for them.
 */
export const messages: Readonly<{ en: Messages }> = { en };

export type { SpindleEventDetail } from './internal/events.js';

export {
  defineElement,
  defineLanguage,
  type Messages,
  SpindleAlertsElement,
  SpindleDashboardElement,
  SpindleDowntimeElement,
  SpindleEnergyElement,
  SpindleFleetElement,
  SpindleProgramsElement,
  SpindleSensorStatsElement,
  SpindleStateTimelineElement,
  SpindleStatusBoardElement,
  SpindleUtilizationElement,
};
