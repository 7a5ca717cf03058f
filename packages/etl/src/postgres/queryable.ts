export type { Queryable } from '@spindle/core/store';
