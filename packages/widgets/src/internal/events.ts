import type { Alert } from '@spindle/sdk';

/** The `detail` of each `spindle-*` event, for listeners and the framework typings. */
export interface SpindleEventDetail {
  /** A chart drew (`machine`, `from`, `to`; `machine` null for fleet charts), or the status board loaded (`machines`). */
  'spindle-load': { machine?: string | null; from?: string; to?: string; machines?: string | null };
  /** Loading or drawing failed: the message as shown, and the API's problem when it answered one. */
  'spindle-error': { message: string; problem?: unknown };
  /** A machine chosen (fleet, status board), an alarm opened (alerts: `alert`), or the dashboard's machine or range changed. */
  'spindle-select': { machine: string; from?: string; to?: string; alert?: Alert };
  /** How new data arrives changed. */
  'spindle-stream': { delivery: 'live' | 'polling'; reason: string | null };
}

export type SpindleEventType = keyof SpindleEventDetail;

/** Dispatches a bubbling, composed `spindle-*` event, so a portal can listen on any ancestor. */
export function emit<T extends SpindleEventType>(target: EventTarget, type: T, detail: SpindleEventDetail[T]): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
