// metrics.md §11–§13: standby and emergency time, planned time and running inside
// and outside it, the two new states, and downtime by day, state and cause.
// Existing rows read 0 until the machine's next run, which recomputes its whole
// history: the configuration gained fields, so its hash changed (metrics.md §9).
const utilizationColumns = (table: string) => `
ALTER TABLE ${table}
  ADD COLUMN standby_seconds double precision NOT NULL DEFAULT 0,
  ADD COLUMN emergency_seconds double precision NOT NULL DEFAULT 0,
  ADD COLUMN planned_seconds double precision NOT NULL DEFAULT 0,
  ADD COLUMN planned_running_seconds double precision NOT NULL DEFAULT 0,
  ADD COLUMN unplanned_running_seconds double precision NOT NULL DEFAULT 0;`;

export default `
${utilizationColumns('utilization_day')}
${utilizationColumns('utilization_shift')}

ALTER TABLE state_interval DROP CONSTRAINT state_interval_state_check;
ALTER TABLE state_interval ADD CONSTRAINT state_interval_state_check
  CHECK (state IN ('RUNNING', 'IDLE', 'STANDBY', 'EMERGENCY', 'OFFLINE'));

CREATE TABLE downtime_day (
  machine_id   text NOT NULL,
  day          date NOT NULL,
  state        text NOT NULL CHECK (state IN ('IDLE', 'STANDBY', 'EMERGENCY')),
  category     text,
  identity     text,
  code         text,
  description  text,
  raised_at    timestamptz,
  seconds      double precision NOT NULL,
  UNIQUE NULLS NOT DISTINCT (machine_id, day, state, category, identity)
);
`;
