/**
 * Which web origins may call the hub from a browser, for HTTP (CORS) and Socket.IO alike.
 *
 * The hub's own origin — the scheme it serves and the Host the browser used to reach it,
 * whichever LAN name or address that was — always may: that is the terminal UI it serves
 * at `/`. Beyond it only the origins listed in `KAHERA_ALLOWED_ORIGINS` (e.g. the
 * electron-vite dev server). A request without an Origin header (curl, scripts, tests,
 * same-origin GETs) is not a cross-origin browser call and is let through: it still needs
 * a token for anything but the login and health routes.
 */
export interface OriginPolicy {
  /** The scheme the hub serves. */
  readonly scheme: 'http' | 'https';
  /** The extra origins (normalised, e.g. `http://10.0.0.5:5173`). */
  readonly extra: ReadonlySet<string>;
  /** May a request with this Origin, sent to this Host, be answered to the page? */
  allows(origin: string | undefined, host: string | undefined): boolean;
}

/**
 * `KAHERA_ALLOWED_ORIGINS`: comma-separated origins. A typo must not silently leave a
 * till unable to connect, nor silently allow something else: anything that is not a
 * plain `http(s)://host[:port]` origin stops the hub at start with the entry named.
 */
export function parseAllowedOrigins(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((entry) => {
      let url: URL;
      try {
        url = new URL(entry);
      } catch {
        throw new Error(`KAHERA_ALLOWED_ORIGINS: "${entry}" is not an origin like http://10.0.0.5:5173`);
      }
      const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password && !entry.endsWith('//');
      if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !bare || /[?#]/.test(entry)) {
        throw new Error(`KAHERA_ALLOWED_ORIGINS: "${entry}" is not an origin like http://10.0.0.5:5173 (scheme, host and port only)`);
      }
      return url.origin;
    });
}

export function originPolicy(scheme: 'http' | 'https', extraOrigins: readonly string[]): OriginPolicy {
  const extra = new Set(extraOrigins);
  return {
    scheme,
    extra,
    allows(origin, host) {
      if (origin === undefined) return true;
      const o = origin.toLowerCase();
      if (extra.has(o)) return true;
      // Browsers send the Origin normalised (lower case, default port left out) and the
      // Host as the user typed it into the address bar, minus the default port.
      return host !== undefined && host !== '' && o === `${scheme}://${host.toLowerCase()}`;
    },
  };
}
