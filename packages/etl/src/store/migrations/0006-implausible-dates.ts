// metrics.md §14: how many rows of the log carried a date no clock should write,
// per run, so that status shows a controller whose clock lies.
export default `
ALTER TABLE spindle_run ADD COLUMN implausible_date_rows bigint NOT NULL DEFAULT 0;
`;
