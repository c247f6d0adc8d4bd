/**
 * The tokens of a SCIM filter or PATCH path (RFC 7644 section 3.4.2.2 and 3.5.2). The lexer knows no Slack rule:
 * the list-filter checks read the tokens' positions to enforce Slack's spacing.
 */

/** One token, with its place in the source. */
export interface Token {
  /** Punctuation, a quoted literal (`string`), or any other run of characters (`word`). */
  kind: "(" | ")" | "[" | "]" | "string" | "word";
  /** The token as written (a literal with its quotes). */
  text: string;
  /** A quoted literal's value: a double-quoted one decoded as a JSON string, a single-quoted one as written. */
  value?: string;
  /** Offset of the first character. */
  start: number;
  /** Offset after the last character. */
  end: number;
}

/** Why a filter or path could not be read. */
export type FilterErrorReason =
  /** It stops where more is needed (`userName eq`, `a or`, an open parenthesis). */
  | "end"
  /** A token stands where the grammar allows none of its kind. */
  | "unexpected"
  /** A quoted literal is never closed. */
  | "unterminated"
  /** A double-quoted literal is not a JSON string (`"\x"`). */
  | "escape";

/** A SCIM filter or PATCH path that does not follow the grammar; callers turn it into Slack's error code. */
export class FilterSyntaxError extends Error {
  /** What went wrong. */
  readonly reason: FilterErrorReason;
  /** Offset in the source where it went wrong. */
  readonly at: number;
  /** For `escape`: the literal's text between its quotes. */
  readonly literal: string | undefined;

  constructor(reason: FilterErrorReason, at: number, message: string, literal?: string) {
    super(message);
    this.name = "FilterSyntaxError";
    this.reason = reason;
    this.at = at;
    this.literal = literal;
  }
}

const punctuation = new Set(["(", ")", "[", "]"]);
const space = /\s/;

function quoted(text: string, start: number): Token {
  const quote = text[start] as '"' | "'";
  let i = start + 1;
  while (i < text.length && text[i] !== quote) i += quote === '"' && text[i] === "\\" ? 2 : 1;
  if (i >= text.length) {
    throw new FilterSyntaxError("unterminated", start, `unterminated literal at offset ${start}`);
  }
  const raw = text.slice(start + 1, i);
  const token: Token = { kind: "string", text: text.slice(start, i + 1), start, end: i + 1, value: raw };
  if (quote === '"') {
    try {
      token.value = JSON.parse(`"${raw}"`) as string;
    } catch {
      throw new FilterSyntaxError("escape", start, `"${raw}" is not a JSON string`, raw);
    }
  }
  return token;
}

/**
 * Splits `text` into tokens. Whitespace separates tokens and is dropped; a double-quoted literal is a JSON string
 * (`\"`, `\\`, `\/`, `\u00e9` decoded); a single-quoted one, which Slack's documentation uses, is taken as written.
 *
 * @throws {@link FilterSyntaxError} for an unterminated literal or a bad escape.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (space.test(c)) {
      i++;
    } else if (punctuation.has(c)) {
      tokens.push({ kind: c as Token["kind"], text: c, start: i, end: i + 1 });
      i++;
    } else if (c === '"' || c === "'") {
      const token = quoted(text, i);
      tokens.push(token);
      i = token.end;
    } else {
      let j = i + 1;
      while (j < text.length) {
        const d = text[j] as string;
        if (space.test(d) || punctuation.has(d) || d === '"' || d === "'") break;
        j++;
      }
      tokens.push({ kind: "word", text: text.slice(i, j), start: i, end: j });
      i = j;
    }
  }
  return tokens;
}
