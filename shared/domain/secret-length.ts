/**
 * The one minimum length for every secret and token the cloud accepts: the webhook secrets (which also sign
 * callbacks and dashboard links), the status API's bearer token and the verification secret, in AWS and locally.
 */

/** Shortest secret accepted: 256 bits, written as 32 or more characters (`openssl rand -hex 32` gives 64). */
export const MIN_SECRET_LENGTH = 32;
