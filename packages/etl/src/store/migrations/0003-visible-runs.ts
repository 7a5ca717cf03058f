// A run is recorded when it starts, committed at once, and finished inside the
// machine's transaction: status shows it running, and one that died stays
// 'running' while its lock is gone (readers call it abandoned).
export default `
ALTER TABLE spindle_run ALTER COLUMN finished_at DROP NOT NULL;
ALTER TABLE spindle_run DROP CONSTRAINT spindle_run_status_check;
ALTER TABLE spindle_run ADD CONSTRAINT spindle_run_status_check CHECK (status IN ('running', 'succeeded', 'failed'));
`;
