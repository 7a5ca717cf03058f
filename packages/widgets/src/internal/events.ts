export type SpindleEventType = 'spindle-load' | 'spindle-error' | 'spindle-select' | 'spindle-stream';

/** Dispatches a bubbling, composed `spindle-*` event, so a portal can listen on any ancestor. */
export function emit(target: EventTarget, type: SpindleEventType, detail: unknown): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
