/**
 * Text from Moodle (schedule, site, course and learner names, error values) made safe to print to a terminal. A name
 * holding `\x1b]0;…\x07` would retitle the window, `\x1b[2J` clear the screen, a bare `\r` overwrite the line; each
 * control character is shown as a visible escape instead, and everything else is left exactly as it was.
 */

// C0 controls (tab and line breaks included: a name never legitimately spans lines), DEL, and C1 controls (U+009B
// is a one-character CSI on many terminals).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * `text` with every control character written as `\xHH` (`\u{1b}[2J` → `\x1b[2J`), so it is printed, not obeyed.
 *
 * @example escapeForTerminal('Safety\u001b]0;pwned\u0007') === 'Safety\\x1b]0;pwned\\x07'
 */
export function escapeForTerminal(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (character) => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
