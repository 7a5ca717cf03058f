import type { MotorAreas } from '../source/motor-query.js';
import type { Piece } from './pieces.js';

const MS_PER_HOUR = 3_600_000;

/**
 * metrics.md §7: adds the motors' energy to each ONLINE piece: P = u/100 × nominalKw,
 * integrated in hours. `areas` index pieces from 1 (SQL width_bucket).
 */
export function addMotorEnergy(pieces: Piece[], motors: MotorAreas, nominalKw: ReadonlyMap<number, number>): void {
  const kwhPerArea = (motor: number) => (nominalKw.get(motor) ?? 0) / 100 / MS_PER_HOUR;
  for (const { motor, piece, area } of motors.areas) {
    const p = pieces[piece - 1];
    if (p && p.state !== 'OFFLINE') p.kwh += area * kwhPerArea(motor);
  }
  for (const span of motors.spans) {
    const k = kwhPerArea(span.motor);
    for (let i = firstPieceEndingAfter(pieces, span.start); i < pieces.length && pieces[i]!.start < span.end; i++) {
      const p = pieces[i]!;
      const overlap = Math.min(p.end, span.end) - Math.max(p.start, span.start);
      if (overlap > 0 && p.state !== 'OFFLINE') p.kwh += span.u * overlap * k;
    }
  }
}

function firstPieceEndingAfter(pieces: readonly Piece[], t: number): number {
  let lo = 0;
  let hi = pieces.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pieces[mid]!.end <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
