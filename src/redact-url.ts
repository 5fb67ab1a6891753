/**
 * A service URL as safe to show in logs, errors and status lines: `http://user:secret@host:9200` →
 * `http://user:***@host:9200`. A user name given without a password is usually a token, so it is masked too.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    else if (parsed.username) parsed.username = '***';
    // `http://host:9200/` reads better without the slash the URL parser adds; other paths are kept.
    return parsed.pathname === '/' && !parsed.search && !parsed.hash
      ? parsed.toString().replace(/\/$/, '')
      : parsed.toString();
  } catch {
    // Not a URL: mask whatever sits between `//` and `@`.
    return url.replace(/\/\/[^/@]*@/, '//***@');
  }
}
