// Types for the <spindle-*> elements in React 19's JSX: attributes as strings,
// `client` as the property it is, and the elements' events as on<event-name>.
import type { ClientOptions, SpindleClient } from '@spindle/widgets';
import type { DetailedHTMLProps, HTMLAttributes } from 'react';

type SpindleProps = DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement> & {
  'api-url'?: string;
  machine?: string;
  from?: string;
  to?: string;
  token?: string;
  refresh?: number;
  theme?: 'light' | 'dark';
  locale?: string;
  selected?: string;
  client?: SpindleClient;
  'onspindle-load'?: (e: CustomEvent<{ machine: string | null; from: string; to: string }>) => void;
  'onspindle-select'?: (e: CustomEvent<{ machine: string; from?: string; to?: string }>) => void;
  'onspindle-error'?: (e: CustomEvent<{ message: string }>) => void;
};

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'spindle-fleet': SpindleProps;
      'spindle-utilization': SpindleProps & { by?: 'day' | 'shift' };
      'spindle-state-timeline': SpindleProps;
      'spindle-energy': SpindleProps & { bucket?: 'hour' | 'day' };
    }
  }
}

export type { ClientOptions };
