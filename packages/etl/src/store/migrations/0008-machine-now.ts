// What a machine is doing at its watermark, for the fleet "now" view: the program
// then running (the state, the open alarms and today's share come from the metric
// tables). Null until the machine's next run reaches its watermark.
export default `
ALTER TABLE spindle_machine ADD COLUMN current_program int4;
`;
