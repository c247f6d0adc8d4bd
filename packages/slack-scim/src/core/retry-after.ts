/**
 * `Retry-After` as RFC 9110 defines it (https://www.rfc-editor.org/rfc/rfc9110#field.retry-after): `delay-seconds` (digits only) or an `HTTP-date`. Anything else
 * (a fraction, a sign, a date in another format) is treated as absent, so the caller falls back to its own
 * backoff rather than to a wait it made up.
 */

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const month = `(${months.join("|")})`;
const time = "(\\d{2}):(\\d{2}):(\\d{2})";
const delaySeconds = /^\d+$/;
// RFC 9110 (https://www.rfc-editor.org/rfc/rfc9110#http.date): the preferred IMF-fixdate, and the two obsolete forms a recipient must still accept.
const imfFixdate = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ${month} (\\d{4}) ${time} GMT$`);
const rfc850Date = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-${month}-(\\d{2}) ${time} GMT$`,
);
const asctimeDate = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${month} ( \\d|\\d{2}) ${time} (\\d{4})$`);

/** Milliseconds since the epoch, or `undefined` when a field is out of range (a 31 February, a 25th hour). */
function utc(
  year: number,
  monthName: string,
  day: number,
  h: number,
  m: number,
  s: number,
): number | undefined {
  const index = months.indexOf(monthName);
  if (h > 23 || m > 59 || s > 60 || day < 1) return undefined;
  const at = Date.UTC(year, index, day, h, m, Math.min(s, 59));
  const date = new Date(at);
  return date.getUTCMonth() === index && date.getUTCDate() === day ? at : undefined;
}

/** An HTTP-date in any of its three forms, as milliseconds since the epoch; `undefined` for anything else. */
export function parseHttpDate(text: string, now: number = Date.now()): number | undefined {
  let match = imfFixdate.exec(text);
  if (match !== null) {
    const [, day, mon, year, h, m, s] = match;
    return utc(Number(year), mon as string, Number(day), Number(h), Number(m), Number(s));
  }
  match = rfc850Date.exec(text);
  if (match !== null) {
    const [, day, mon, yy, h, m, s] = match;
    // A two-digit year more than 50 years ahead is the most recent past year with those digits (RFC 9110).
    const thisYear = new Date(now).getUTCFullYear();
    let year = thisYear - (thisYear % 100) + Number(yy);
    if (year > thisYear + 50) year -= 100;
    return utc(year, mon as string, Number(day), Number(h), Number(m), Number(s));
  }
  match = asctimeDate.exec(text);
  if (match !== null) {
    const [, mon, day, h, m, s, year] = match;
    return utc(Number(year), mon as string, Number(day), Number(h), Number(m), Number(s));
  }
  return undefined;
}

/**
 * `Retry-After` as whole seconds to wait, never negative: `delay-seconds` as given, an HTTP-date as the seconds
 * from `now` (rounded up; a date in the past is 0). `undefined` when absent or not one of those forms.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (delaySeconds.test(text)) return Number(text);
  const date = parseHttpDate(text, now);
  if (date === undefined) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
