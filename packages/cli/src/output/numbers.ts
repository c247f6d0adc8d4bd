let numberFormat: Intl.NumberFormat | undefined;

/** `12345` as `12,345`. The formatter is made on first use: making one costs milliseconds at start-up. */
export function formatCount(n: number): string {
  if (!numberFormat) numberFormat = new Intl.NumberFormat("en-US");
  return numberFormat.format(n);
}
