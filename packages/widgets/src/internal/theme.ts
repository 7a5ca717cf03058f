import { css } from 'lit';

const dark = css`
  --_bg: var(--spindle-background, #0d1117);
  --_text: var(--spindle-text-color, #e6edf3);
  --_muted: var(--spindle-muted-color, #8d96a0);
  --_border: var(--spindle-border-color, #30363d);
  --_accent: var(--spindle-accent, #4493f8);
  --_running: var(--spindle-running, #3fb950);
  --_idle: var(--spindle-idle, #d29922);
  --_offline: var(--spindle-offline, #6e7681);
  --_standby: var(--spindle-standby, #a371f7);
  --_emergency: var(--spindle-emergency, #ff7b72);
  --_danger: var(--spindle-danger, #f85149);
  --_alarm-error: var(--spindle-alarm-error, #f0883e);
  --_alarm-warning: var(--spindle-alarm-warning, #e3b341);
`;

/**
 * Light and dark palettes behind the documented custom properties. A portal sets
 * `--spindle-*` on the element (or any ancestor); `theme="light|dark"` forces a
 * scheme, otherwise `prefers-color-scheme` chooses.
 */
export const themeStyles = css`
  :host {
    --_bg: var(--spindle-background, #ffffff);
    --_text: var(--spindle-text-color, #1f2328);
    --_muted: var(--spindle-muted-color, #656d76);
    --_border: var(--spindle-border-color, #d0d7de);
    --_accent: var(--spindle-accent, #0969da);
    --_running: var(--spindle-running, #2da44e);
    --_idle: var(--spindle-idle, #d4a72c);
    --_offline: var(--spindle-offline, #8c959f);
    --_standby: var(--spindle-standby, #8250df);
    --_emergency: var(--spindle-emergency, #a40e26);
    --_danger: var(--spindle-danger, #cf222e);
    --_alarm-error: var(--spindle-alarm-error, #e16f24);
    --_alarm-warning: var(--spindle-alarm-warning, #bf8700);
    --_font: var(--spindle-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif);
    display: block;
    box-sizing: border-box;
    color: var(--_text);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--spindle-radius, 8px);
    padding: var(--spindle-padding, 12px 16px);
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
    ${dark}
    }
  }
  :host([theme='dark']) {
  ${dark}
  }
  /* Text styles on the shadow tree's own top elements: a page's rules on the host cannot reach them. */
  :host > * {
    color: var(--_text);
    font-family: var(--_font);
    font-size: var(--spindle-font-size, 14px);
    line-height: 1.4;
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 4px 12px;
    margin-bottom: 8px;
  }
  h2 {
    font-size: 1.05em;
    font-weight: 600;
    margin: 0;
  }
  .muted {
    color: var(--_muted);
  }
  button,
  select,
  input {
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid var(--_border);
    border-radius: 6px;
    padding: 2px 8px;
  }
  button {
    cursor: pointer;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  .state {
    padding: 24px 0;
    text-align: center;
    color: var(--_muted);
  }
  .state.error {
    color: var(--_danger);
  }
  .chart-wrap {
    position: relative;
  }
  .chart {
    position: relative;
    width: 100%;
    min-height: 40px;
  }
  .summary {
    margin: 6px 0 0;
    color: var(--_muted);
  }
  .freshness {
    margin: 2px 0 0;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .stale {
    display: inline-block;
    margin-left: 6px;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--spindle-danger, #cf222e);
    color: #fff;
    font-weight: 600;
    text-transform: uppercase;
    font-size: 0.75em;
  }
  details {
    margin-top: 6px;
  }
  summary {
    cursor: pointer;
    color: var(--_muted);
  }
  table {
    border-collapse: collapse;
    margin-top: 4px;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    text-align: left;
    padding: 2px 10px 2px 0;
    border-bottom: 1px solid var(--_border);
  }
  .tooltip {
    position: absolute;
    z-index: 1;
    pointer-events: none;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 4px;
    padding: 4px 8px;
    font-size: 0.9em;
    white-space: nowrap;
    box-shadow: 0 2px 6px rgb(0 0 0 / 0.2);
  }
`;

/** The colours a chart is drawn with, read from the element's resolved style. */
export interface ChartTheme {
  text: string;
  muted: string;
  border: string;
  accent: string;
  running: string;
  idle: string;
  standby: string;
  emergency: string;
  offline: string;
  danger: string;
  alarmError: string;
  alarmWarning: string;
  font: string;
}

export function readChartTheme(host: HTMLElement): ChartTheme {
  const style = getComputedStyle(host);
  const v = (name: string) => style.getPropertyValue(name).trim();
  return {
    text: v('--_text'),
    muted: v('--_muted'),
    border: v('--_border'),
    accent: v('--_accent'),
    running: v('--_running'),
    idle: v('--_idle'),
    standby: v('--_standby'),
    emergency: v('--_emergency'),
    offline: v('--_offline'),
    danger: v('--_danger'),
    alarmError: v('--_alarm-error'),
    alarmWarning: v('--_alarm-warning'),
    font: v('--_font'),
  };
}

/**
 * One colour per alarm category, the same on every chart: the default categories
 * by severity (emergency the danger colour, error, warning, other grey), any
 * category a fleet adds the accent.
 */
export function alarmColors(categories: readonly string[], theme: ChartTheme) {
  const known: Record<string, string> = {
    emergency: theme.danger,
    error: theme.alarmError,
    warning: theme.alarmWarning,
    other: theme.offline,
  };
  const domain = [...new Set(categories)];
  return { domain, range: domain.map((c) => known[c] ?? theme.accent) };
}

/** vega config making a chart match the theme: themed text, grid and fonts. */
export type ChartConfig = ReturnType<typeof chartConfig>;

export function chartConfig(theme: ChartTheme) {
  const axis = {
    labelColor: theme.muted,
    titleColor: theme.muted,
    gridColor: theme.border,
    domainColor: theme.border,
    tickColor: theme.border,
    labelFont: theme.font,
    titleFont: theme.font,
  };
  return {
    axis,
    legend: { labelColor: theme.text, titleColor: theme.muted, labelFont: theme.font, titleFont: theme.font },
    title: { color: theme.text, font: theme.font },
    text: { fill: theme.text, font: theme.font },
  };
}
