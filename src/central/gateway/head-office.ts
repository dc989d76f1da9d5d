/**
 * The head-office page central serves (`/` and `/head-office`): a static HTML/JS/CSS
 * page with no build step and no inline script (strict CSP), its summary endpoint, and
 * the `/head-office` Socket.IO namespace that tells it what changed. Broadcasts go
 * through the Redis adapter, so a page on any instance hears events handled on any other.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Pool } from 'pg';
import type { Namespace, Server } from 'socket.io';
import type { GatewayEvent, HeadOfficeServerToClient, HeadOfficeStore } from '../../shared/gateway.js';
import { isAdmin, requireAdmin } from '../auth.js';
import { headOfficeStores } from '../db/gateway.queries.js';
import { sendJson } from '../http.js';
import type { GatewayStreams } from './stream.js';

const PAGE_DIR = fileURLToPath(new URL('./head-office-page/', import.meta.url));
const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/head-office': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/head-office/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/head-office/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

// Same-origin only, no inline code; the socket.io client script is served by Socket.IO itself.
const THROTTLE_MS = 250;

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export class HeadOffice {
  readonly nsp: Namespace<Record<string, never>, HeadOfficeServerToClient>;
  private readonly cache = new Map<string, Buffer>();
  private readonly windows = new Map<string, { count: number; latest: GatewayEvent; timer: NodeJS.Timeout }>();

  constructor(
    io: Server,
    private readonly pool: Pool,
    private readonly streams: GatewayStreams,
    private readonly adminToken: string | undefined,
  ) {
    this.nsp = io.of('/head-office') as unknown as Namespace<Record<string, never>, HeadOfficeServerToClient>;
    this.nsp.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const fake = { headers: { authorization: typeof token === 'string' ? `Bearer ${token}` : undefined } } as IncomingMessage;
      if (!isAdmin(fake, this.adminToken)) return next(new Error('unauthorized'));
      next();
    });
  }

  presence(storeId: string, online: boolean): void {
    this.nsp.emit('store_presence_changed', { storeId, online });
  }

  received(storeId: string, event: GatewayEvent): void {
    this.throttled('received', storeId, event);
  }

  delivered(storeId: string, event: GatewayEvent): void {
    this.throttled('delivered', storeId, event);
  }

  /** Rare and worth a look each time: never coalesced. */
  deadLettered(storeId: string, event: GatewayEvent, reason: string): void {
    this.nsp.emit('gateway_event_dead_lettered', { storeId, eventId: event.id, reason });
  }

  /**
   * Every broadcast crosses the Redis adapter and is read by every instance, so a busy
   * store must not cost one per webhook: the first event of a store goes out at once, and
   * what follows within the window goes out as one message (the latest event, and how
   * many more it stands for). The page re-reads the summary on either.
   */
  private throttled(kind: 'received' | 'delivered', storeId: string, event: GatewayEvent): void {
    const key = `${kind}:${storeId}`;
    const held = this.windows.get(key);
    if (held) {
      held.count += 1;
      held.latest = event;
      return;
    }
    this.emit(kind, storeId, event, 0);
    const flush = () => {
      this.windows.delete(key);
      if (entry.count > 0) this.emit(kind, storeId, entry.latest, entry.count - 1);
    };
    const entry = { count: 0, latest: event, timer: setTimeout(flush, THROTTLE_MS) };
    entry.timer.unref();
    this.windows.set(key, entry);
  }

  private emit(kind: 'received' | 'delivered', storeId: string, event: GatewayEvent, more: number): void {
    if (kind === 'received') this.nsp.emit('gateway_event_received', { storeId, event, more });
    else this.nsp.emit('gateway_event_delivered', { storeId, eventId: event.id, more });
  }

  close(): void {
    for (const w of this.windows.values()) clearTimeout(w.timer);
    this.windows.clear();
  }

  async summary(): Promise<HeadOfficeStore[]> {
    const rows = await headOfficeStores(this.pool);
    const online = await this.streams.online(rows.map((r) => r.storeId));
    const backlog = await Promise.all(rows.map((r) => this.streams.backlog(r.storeId)));
    const now = Date.now();
    return rows.map((r, i) => ({
      storeId: r.storeId,
      name: r.name,
      online: online[i] ?? false,
      sync: {
        ackedThrough: r.ackedThrough,
        lastPushAt: r.lastPushAt,
        lastEventAt: r.lastEventAt,
        // How far behind head office is: the age of the newest event it holds from the store.
        lagSeconds: r.lastEventAt ? Math.max(0, Math.round((now - Date.parse(r.lastEventAt)) / 1000)) : null,
      },
      today: { count: r.todayCount, amount: r.todayAmount },
      gateway: { pendingCount: r.pendingCount, pendingAmount: r.pendingAmount, undelivered: backlog[i] ?? 0, deadLettered: r.deadLettered },
    }));
  }

  /** Answers true when the request was the page, its assets or its summary. */
  async dispatch(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (req.method !== 'GET') return false;
    if (url.pathname === '/api/v1/head-office/stores') {
      requireAdmin(req, this.adminToken);
      sendJson(res, 200, { items: await this.summary() });
      return true;
    }
    const asset = FILES[url.pathname];
    if (!asset) return false;
    let body = this.cache.get(asset.file);
    if (!body) {
      body = await readFile(`${PAGE_DIR}${asset.file}`);
      this.cache.set(asset.file, body);
    }
    res.writeHead(200, {
      'content-type': asset.type,
      'content-length': body.length,
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    res.end(body);
    return true;
  }
}
