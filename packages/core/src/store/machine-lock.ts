/** The advisory lock of a machine's runs: (LOCK_CLASS, hashtext(machine id)), held for the whole run. */
export const LOCK_CLASS = 0x5350;

/**
 * SQL true when the machine of spindle_run row `run` is locked in this database
 * (pg_locks lists the whole server's), i.e. a run of it is alive. A 'running'
 * row without the lock is a run that died (process killed, host lost: the server
 * ended its session and released the lock): readers call it abandoned.
 */
export const machineLocked = (run: string) => `EXISTS (
    SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ${LOCK_CLASS}
       AND l.objid = hashtext(${run}.machine_id)::oid AND l.objsubid = 2
       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))`;
