import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/live.js';
import type { Principal } from './principal.js';

/** What the hub keeps on each terminal's socket. */
export interface SocketData {
  principal: Principal;
  /** Subscribed to `payment_status_updated` (joined its user and role rooms). */
  paymentStatus: boolean;
}

/** The hub's Socket.IO server and sockets, typed by the live contract (src/shared/live.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no server-to-server events
export type HubIo = Server<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no server-to-server events
export type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;
