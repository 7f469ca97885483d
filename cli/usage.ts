export const USAGE = `Usage: manireports-cloud <command> [options]

Commands:
  next-runs --frequency daily|weekly|monthly|custom [--interval DAYS] --anchor TIME --tz ZONE
            [--after TIME] [--count K] [--json]
      The next K run times (default 5) after --after (default now), in the zone ZONE.
  plan [--moodle-db URL] [--prefix mdl_] [--at TIME] [--json]
      Every enabled schedule: due or not, next run, route and why, action, recipients and exclusions.
      Sends nothing.
  recipients --schedule ID [--moodle-db URL] [--prefix mdl_] [--at TIME] [--json]
      The eligible recipients' user ids, and the excluded ones grouped by reason.
  load-demo --moodle-db URL [--prefix mdl_]
      Creates the demo Moodle tables and data in an empty PostgreSQL or MySQL/MariaDB database.
  run [--moodle-db URL] [--prefix mdl_] [--out DIR] [--at TIME] [--serve [--port 8787]]
      [--send-rate N] [--time-limit SECONDS] [--fresh]
      Runs the whole pipeline on this machine (local AWS servers, the real Lambda handlers): plans at TIME
      (default now), sends the due runs' emails and renders their certificates, then prints a summary per job.
      Writes every email as .eml and every certificate as .pdf under DIR/runs/<time of the run>/ (default DIR
      .local/run), each as it is made. DIR/state/ keeps the jobs, the planner's state, queued work, certificates and
      sent mail on disk, so a second run sends nothing twice, and a run that was killed, stopped (Ctrl-C, SIGTERM:
      it finishes the recipients in flight, reports what is left, exits 130/143) or timed out is resumed first.
      --send-rate N: emails a second (default 50; MANIREPORTS_LOCAL_SEND_RATE). --time-limit SECONDS: stop the
      workers after this long, leaving the rest to the next run (default 0: none; MANIREPORTS_LOCAL_TIME_LIMIT).
      --fresh: discard DIR/state/ for this Moodle first, saying what is lost (due runs are mailed again).
      --serve: then keeps serving the HTTP surface (as \`serve\` does) until Ctrl-C; \`npm start\` runs this. Without
      MANIREPORTS_WEBHOOK_SECRET it makes up a webhook secret for the session and prints it.
  serve [--port 8787] [--moodle-db URL] [--prefix mdl_] [--out DIR]
      Serves the HTTP surface on 127.0.0.1:PORT (0: any free port) until Ctrl-C: POST /webhooks/moodle (signed
      with MANIREPORTS_WEBHOOK_SECRET, required), GET /verify/{code}, the status API (/jobs, /schedules) and the
      jobs dashboard, on the local AWS servers with the state of earlier runs in DIR (default .local/run). Prints
      the base URL and a signed dashboard link.
  redrive --job ID [--json]
      Puts the job's dead-lettered work messages back on their queues: its \`unsent\` recipients become claimable
      again (sent and unconfirmed ones never) and an ended job reopens and completes again. Reads the tables and
      queues from the environment: AWS_REGION, MANIREPORTS_JOBS_TABLE, MANIREPORTS_RECIPIENTS_TABLE,
      MANIREPORTS_SCHEDULE_RUNS_TABLE, MANIREPORTS_RECIPIENT_RETENTION_DAYS, MANIREPORTS_EMAIL_QUEUE_URL,
      MANIREPORTS_CERTIFICATE_QUEUE_URL, MANIREPORTS_EMAIL_DLQ_URL, MANIREPORTS_CERTIFICATE_DLQ_URL (and
      AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SQS for local servers). See docs/deploy.md, "Redrive a job".
  render-certificate --name NAME --course COURSE --out FILE.pdf [--lang en] [--date TIME] [--tz UTC]
                     [--site NAME] [--verify-url URL]
      Renders one certificate with the certificate worker's renderer, to preview the template.
      Exits with 1, naming the characters, when no font covers some of the text (nothing is written).

TIME is ISO-8601 (2026-03-29T08:00:00+01:00, or without offset to mean local time in --tz) or epoch seconds.
URL is postgres://user:pass@host:5432/db, mysql://user:pass@host:3306/db (MariaDB too), or a PGlite directory.
Without --moodle-db, commands read the embedded demo Moodle database.
Environment: MANIREPORTS_SERVER_TIMEZONE (zone for a Moodle time zone of '99', default UTC),
  MANIREPORTS_CLOUD_THRESHOLD (auto schedules go to the cloud from this many recipients, default 50),
  MANIREPORTS_ROLE_ARCHETYPES (roles whose holders are a course's audience, default student),
  MANIREPORTS_WEBHOOK_SECRET (32+ characters; the secret Moodle signs webhook events with).`;
