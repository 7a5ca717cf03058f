// vega's modules ship without types; the parts the runtime uses, typed from vega-typings.
declare module 'vega-parser' {
  export { parse } from 'vega-typings';
}
declare module 'vega-view' {
  export { View } from 'vega-typings';
}
declare module 'vega-dataflow' {
  export const transforms: Record<string, unknown>;
}
declare module 'vega-transforms' {
  type Transform = unknown;
  export const aggregate: Transform, bin: Transform, collect: Transform, compare: Transform, expression: Transform;
  export const extent: Transform, facet: Transform, field: Transform, filter: Transform, formula: Transform, impute: Transform;
  export const joinaggregate: Transform, key: Transform, multiextent: Transform, multivalues: Transform, params: Transform;
  export const prefacet: Transform, project: Transform, proxy: Transform, relay: Transform, sieve: Transform, subflow: Transform;
  export const timeunit: Transform, tupleindex: Transform, values: Transform, window: Transform;
}
declare module 'vega-view-transforms' {
  type Transform = unknown;
  export const bound: Transform, identifier: Transform, mark: Transform, overlap: Transform, render: Transform, viewlayout: Transform;
}
declare module 'vega-encode' {
  type Transform = unknown;
  export const axisticks: Transform, datajoin: Transform, encode: Transform, legendentries: Transform;
  export const scale: Transform, sortitems: Transform, stack: Transform;
}
