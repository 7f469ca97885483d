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
  run [--moodle-db URL] [--prefix mdl_] [--out DIR] [--at TIME]
      Runs the whole pipeline on this machine (local AWS servers, the real Lambda handlers): plans at TIME
      (default now), sends the due runs' emails and renders their certificates, then prints a summary per job.
      Writes every email as .eml and every certificate as .pdf under DIR/runs/<time of the run>/ (default DIR
      .local/run). DIR/state/ keeps the jobs and the planner's state, so a second run sends nothing twice.
  render-certificate --name NAME --course COURSE --out FILE.pdf [--lang en] [--date TIME] [--tz UTC]
                     [--site NAME] [--verify-url URL]
      Renders one certificate with the certificate worker's renderer, to preview the template.

TIME is ISO-8601 (2026-03-29T08:00:00+01:00, or without offset to mean local time in --tz) or epoch seconds.
URL is postgres://user:pass@host:5432/db, mysql://user:pass@host:3306/db (MariaDB too), or a PGlite directory.
Without --moodle-db, commands read the embedded demo Moodle database.
Environment: MANIREPORTS_SERVER_TIMEZONE (zone for a Moodle time zone of '99', default UTC),
  MANIREPORTS_CLOUD_THRESHOLD (auto schedules go to the cloud from this many recipients, default 50),
  MANIREPORTS_ROLE_ARCHETYPES (roles whose holders are a course's audience, default student).`;
