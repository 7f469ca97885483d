/** Defaults of the local run, apart from the pipeline itself so the CLI can read them without loading it. */

/**
 * The local run's email rate (emails a second) unless told otherwise. Local SES has no limit; 50 a second sends
 * 20,000 emails in under 7 minutes and leaves the machine responsive. An SES account's own rate is set in AWS.
 */
export const DEFAULT_LOCAL_SEND_RATE = 50;
