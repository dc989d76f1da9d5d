import { connect as netConnect, type Socket } from 'node:net';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { connect as tlsConnect } from 'node:tls';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** How the connection ended after the answer: 'end' (clean close) or the socket error's code. */
  ended: string;
}

/**
 * Sends bytes exactly as given (no URL normalisation, no header limits of a client) and
 * reads everything until the hub closes. Fetch would normalise `/../` away and refuse
 * to send a 20 KB URL, so probes that test the server's own parsing go through here.
 */
export function rawRequest(baseUrl: string, request: string, opts: { ca?: string } = {}): Promise<RawAnswer> {
  const u = new URL(baseUrl);
  const port = Number(u.port);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket: Socket =
      u.protocol === 'https:' ? tlsConnect({ host, port, ca: opts.ca, servername: host === '127.0.0.1' ? undefined : host }) : netConnect({ host, port });
    const chunks: Buffer[] = [];
    let ended: string | null = null;
    const finish = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      if (split < 0) {
        reject(new Error(`no HTTP answer (${ended}): ${JSON.stringify(text.slice(0, 200))}`));
        return;
      }
      const [statusLine, ...headerLines] = text.slice(0, split).split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of headerLines) {
        const i = l.indexOf(':');
        headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine?.split(' ')[1]), headers, body: text.slice(split + 4), ended: ended ?? 'end' });
    };
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      ended ??= e.code ?? e.message;
    });
    socket.on('close', finish);
    socket.setTimeout(10_000, () => socket.destroy(new Error('timeout')));
    socket.write(request);
  });
}

/** `GET <path>` with `Connection: close`, as raw bytes. */
export function rawGet(baseUrl: string, path: string, headers: Record<string, string> = {}, opts: { ca?: string } = {}): Promise<RawAnswer> {
  const u = new URL(baseUrl);
  const lines = [`GET ${path} HTTP/1.1`, `Host: ${u.host}`, 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return rawRequest(baseUrl, `${lines.join('\r\n')}\r\n\r\n`, opts);
}

/** What apiClient needs of fetch. */
export type Fetcher = (url: string, init: { method: string; headers: Record<string, string>; body?: string | undefined }) => Promise<{ status: number; headers: Headers; text(): Promise<string> }>;

/**
 * fetch for a hub serving HTTPS with its own store certificate: trusts exactly that
 * certificate (`ca`), as a terminal that imported it does — no `rejectUnauthorized: false`.
 */
export function httpsFetcher(ca: string): Fetcher {
  const agent = new HttpsAgent({ ca, keepAlive: false });
  return (url, init) =>
    new Promise((resolve, reject) => {
      const req = httpsRequest(url, { method: init.method, headers: init.headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers, text: async () => text });
        });
      });
      req.on('error', reject);
      req.end(init.body);
    });
}
