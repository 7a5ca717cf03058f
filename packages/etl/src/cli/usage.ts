/** --help texts: what each command does, its options, and the exit codes cron sees. */
const COMMON = `Common options:
  -c, --config FILE        fleet config, JSON or YAML (env SPINDLE_CONFIG; default ./spindle.config.json, .yaml or .yml)
  -d, --database-url URL   aggregation DB (env DATABASE_URL)
      --env-file FILE      read environment variables from FILE (default: ./.env when present)
      --log text|json      log format (default text: a progress bar on a terminal, lines otherwise)
  -h, --help               this help`;

const TIME_LIMITS = `      --source-timeout S   time limit of every production DB answer, seconds (default 300): past it the
                           machine fails naming the database, its lock is released, the others go on
      --target-timeout S   time limit of every aggregation DB answer, seconds (default 120)`;

const EXIT_RUN = `Exit codes: 0 done (a machine another process is running right now is skipped, not an
error: cron's overlapping runs share the work), 1 a machine failed, 2 bad usage or config.`;

const EXIT_BACKFILL = `Exit codes: 0 done, 1 a machine failed, 2 bad usage or config, 3 a machine was being
processed by another run, so its range was not recomputed here (run it again).`;

export const USAGE: Record<string, string> = {
  main: `spindle-etl: pre-aggregates CNC machine change logs into an aggregation DB.

Usage: spindle-etl <command> [options]

Commands:
  init        write a commented sample fleet config (spindle.config.yaml) and .env.example
  check       check the fleet config, the aggregation DB and every production DB, one line each
  migrate     create the aggregation DB if missing, create or upgrade its schema (re-running is a no-op)
  grant-bi    a login role for BI tools: reads the views of schema spindle_bi, nothing else
  run         incremental run: recompute from the last watermark minus the lookback
  audit       find rows changed anywhere in the history since computed, recompute their days (nightly)
  backfill    recompute a range of production days (default: the whole history)
  status      per machine: watermark, last run, rows read, invalid rows, malformed alarm rows
  enqueue     scale-out mode: queue one incremental unit per machine (what cron calls)
  worker      scale-out mode: run queued units until stopped (any number, on any hosts)
  simulate    write a simulated fleet's production data into each machine's source DB

Run \`spindle-etl <command> --help\` for the options of one command, \`spindle-etl --version\` for the version.

Exit codes: 0 done, 1 a machine or the database failed, 2 bad usage or config; see each command.`,
  init: `Usage: spindle-etl init [--dir DIR] [--force]

Writes spindle.config.yaml, a commented sample fleet config with every field, and
.env.example into DIR (default: here). Existing files are left alone unless --force.

Exit codes: 0 written, 2 a file exists (or bad usage).`,
  check: `Usage: spindle-etl check [options]

Validates the fleet config, then connects to the aggregation DB (is its schema
current?) and to every production DB, read-only (are the configured variables
there, and how many variables log?), within 10 s each. One line per database:
ok, or FAIL with what is wrong and how to fix it.

${COMMON}

Exit codes: 0 all ok, 1 a database failed, 2 bad usage or config.`,
  migrate: `Usage: spindle-etl migrate [options]

Creates the aggregation schema, or upgrades it to this version. Safe to re-run.

${COMMON}`,
  'grant-bi': `Usage: spindle-etl grant-bi <role> [--machines ID,ID,…] [--password-env VAR] [options]

Creates or updates a login role for BI tools (Power BI, Excel, Tableau through
their PostgreSQL connector): it reads the views of schema spindle_bi, only the
rows of the given machines (default every machine), and nothing else: no base
table, no other schema, no write; each session is read-only with a 30 s statement
timeout. Its password comes from the environment variable VAR, never a flag.
Run it as the role that ran migrate (it needs CREATEROLE). Re-running updates it.

      --machines LIST      comma-separated machine ids the role may read (default all)
      --password-env VAR   set the role's password from environment variable VAR
${COMMON}

Exit codes: 0 done, 1 the database failed, 2 bad usage, or the role may not create roles.`,
  run: `Usage: spindle-etl run [--machine ID] [--lookback HOURS] [options]

Incremental run for every machine (or one): reads each production DB up to its
watermark W and recomputes every bucket from (previous W − lookback), floored to
the production day start. A new machine or a changed config recomputes its whole
history. Each machine is one transaction: a crash leaves the previous results.

      --machine ID         only this machine
      --lookback HOURS     late-data window (default 48)
      --every S            repeat a round every S seconds on connections kept between rounds, until
                           SIGTERM (which lets the round in hand finish); one log line per round
      --chunk-days N       production days computed per step, bounds memory (default 31)
      --source-connections N  connections per production DB for parallel queries (default 2)
      --concurrency N      machines run side by side, each on its own aggregation connection
                           (default 1): a fleet's minute-by-minute rounds mostly wait on round
                           trips, which this overlaps
${TIME_LIMITS}
${COMMON}

${EXIT_RUN}`,
  backfill: `Usage: spindle-etl backfill [--from DAY] [--to DAY] [--machine ID] [--queue [--unit-days N]] [options]

Recomputes the production days from DAY to DAY (YYYY-MM-DD, inclusive) in each
machine's calendar; without a range, the machine's whole history. With --queue it
computes nothing itself: it cuts the range into units of --unit-days days per
machine (default 31) and queues them for \`spindle-etl worker\` processes.

      --from DAY           first production day (default: the first with data)
      --to DAY             last production day (default: the day of the watermark)
      --machine ID         only this machine
      --chunk-days N       production days computed per step, bounds memory (default 31)
      --source-connections N  connections per production DB for parallel queries (default 2)
      --concurrency N      machines run side by side (default 1; each holds its chunk in memory)
      --queue              queue units for workers instead of computing here
      --unit-days N        days per unit with --queue (default 31)
      --retries N, --retry-delay S, --unit-timeout S   with --queue: as for \`enqueue\`
${TIME_LIMITS}
${COMMON}

${EXIT_BACKFILL}`,
  audit: `Usage: spindle-etl audit [--from DAY] [--to DAY] [--machine ID] [options]

Compares every hour of each machine's history (or of the days from DAY to DAY)
with what the last computation of that hour read, and recomputes the production
days whose rows changed since: late rows older than a run's lookback, rows
deleted or rewritten. Reads one count per hour and variable from the production
DB's (id_var, date) index; meant for a nightly cron line beside the runs'.

      --from DAY           first production day to compare (default: the first with data)
      --to DAY             last production day to compare (default: the day of the watermark)
      --machine ID         only this machine
      --concurrency N      machines audited side by side (default 1): an audit's work is in its
                           machine's production DB, so where those have hosts of their own a
                           fleet's night is up to N times shorter
${TIME_LIMITS}
${COMMON}

Exit codes: 0 every machine audited, 1 a machine or the database failed, 2 bad usage
or config, 3 a machine skipped because another process is running it.`,
  status: `Usage: spindle-etl status [--json] [options]

Per machine: watermark, first and last day, a run in progress (with its start and
process), and the last run that ended with its rows read, invalid rows and
malformed alarm rows; one that died (killed, host lost) shows as abandoned. In scale-out mode also the queue: units
waiting, retrying, active, done and failed, and the latest units with their
duration, rows read, outcome, try and worker.

      --json               print JSON instead of a table
${COMMON}`,
  enqueue: `Usage: spindle-etl enqueue [--machine ID] [--lookback HOURS] [options]

Scale-out mode: queues one incremental unit per machine (the work of \`run\`) in
the aggregation DB, for \`spindle-etl worker\` processes. Cron calls this instead
of \`run\`. A machine runs one unit at a time, whatever the number of workers.

      --machine ID         only this machine
      --lookback HOURS     late-data window (default 48)
      --retries N          tries after a failure, each after a doubled pause (default 3)
      --retry-delay S      seconds before the first retry (default 30)
      --unit-timeout S     seconds after which an active unit counts as lost with its
                           worker and goes to another one (default 3600)
${COMMON}`,
  worker: `Usage: spindle-etl worker [--concurrency N] [--exit-when-idle] [options]

Scale-out mode: takes units from the queue in the aggregation DB and runs them,
each in one transaction under its machine's lock, until SIGTERM or SIGINT (the
units in hand finish first). Start any number, on any hosts, with the same fleet
config. A unit that fails is retried with backoff and then stays failed (see
\`status\`); the unit of a killed worker goes to another after its timeout.

      --concurrency N      units run at once by this process (default 1)
      --exit-when-idle     stop when no unit is waiting, retrying or active
      --poll S             seconds between looks for work when idle (default 2)
      --maintenance S      seconds between looks for lost units (default 60)
      --chunk-days N       production days computed per step, bounds memory (default 31)
      --source-connections N  connections per production DB for parallel queries (default 2)
${TIME_LIMITS}
${COMMON}

Exit codes: 0 stopped, 2 bad usage or config, 1 the queue or database failed.`,
  simulate: `Usage: spindle-etl simulate [--days N] [--from DAY] [--seed N] [options]

Writes realistic production data (metrics.md §1 schema) into the source DB of
every machine in the fleet config, replacing its log tables; creates the
database when missing. Shifts, nights and weekends offline, programs, motors,
temperatures, alarm snapshots, invalid values and malformed alarm rows.

      --days N             days to simulate (default 30)
      --from DAY           first day (default: N days before today)
      --seed N             same seed, same rows (default 1)
      --density X          motor log rate multiplier (default 1 ≈ 2 M float rows per machine-month)
      --machine ID         only this machine
${COMMON}`,
};
