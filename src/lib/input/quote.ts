/**
 * What a reader typed, quoted for a message: in double quotes, with control characters (newlines, terminal escape
 * sequences) written as escapes so an echoed value can neither split a one-line error nor drive a terminal, and
 * cut short when long.
 */
const MAX_SHOWN = 60;

export function quote(text: string): string {
  const shown = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
  return JSON.stringify(shown).replace(/[\u007f-\u009f\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
