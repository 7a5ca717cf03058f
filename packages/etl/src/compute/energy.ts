import type { MotorAreas } from '../source/motor-query.js';
import type { Piece } from './pieces.js';

const MS_PER_HOUR = 3_600_000;

/**
 * metrics.md §7: adds a motor's energy to each ONLINE piece: P = u/100 × nominalKw,
 * integrated in hours. `areas` index pieces from 1 (SQL width_bucket).
 */
export function addMotorEnergy(pieces: Piece[], motor: MotorAreas, nominalKw: number): void {
  const kwhPerArea = nominalKw / 100 / MS_PER_HOUR;
  for (const { piece, area } of motor.areas) {
    const p = pieces[piece - 1];
    if (p && p.state !== 'OFFLINE') p.kwh += area * kwhPerArea;
  }
  for (const seg of motor.spans) {
    let i = firstPieceEndingAfter(pieces, seg.start);
    for (; i < pieces.length && pieces[i]!.start < seg.end; i++) {
      const p = pieces[i]!;
      const overlap = Math.min(p.end, seg.end) - Math.max(p.start, seg.start);
      if (overlap > 0 && p.state !== 'OFFLINE') p.kwh += seg.u * overlap * kwhPerArea;
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
