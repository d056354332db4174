// Discord's gateway over a real WebSocket: HELLO, heartbeats, IDENTIFY/READY, RESUME with
// replay by sequence number, intents, shards, and the ways Discord drops or redirects a bot.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  type ApplicationFlags,
  type GatewayDispatchPayload,
  type GatewayReadyDispatchData,
  type UserFlags,
} from 'discord-api-types/v10';
import { WebSocket, WebSocketServer } from 'ws';
import { guildChannel, guildCreate } from './payloads.ts';
import type { World } from './state.ts';

interface Session {
  id: string;
  seq: number;
  intents: number;
  /** [shard id, shard count], as IDENTIFY gave it ([0, 1] when it gave none). */
  shard: [number, number];
  /** Every dispatch of the session, so a RESUME can replay what the bot missed. */
  events: GatewayDispatchPayload[];
  socket?: WebSocket;
}

export type GatewayLogEntry =
  | { kind: 'connect' | 'resume' | 'resumed' | 'invalid-session'; at: number }
  /** `shard` as IDENTIFY carried it (absent for an unsharded bot). */
  | { kind: 'identify'; at: number; shard?: [number, number] }
  | { kind: 'ready'; at: number; shard: number }
  | { kind: 'close'; by: 'bot' | 'discord'; code: number; at: number };

/** The shard Discord sends a guild's events to: `(guild_id >> 22) % shard_count`. */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

export class Gateway {
  readonly log: GatewayLogEntry[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private readonly bySocket = new WeakMap<WebSocket, Session>();
  /** The latest session of each shard id; an unsharded bot is shard 0. Faults act on it. */
  private readonly live = new Map<number, Session>();
  /**
   * Every session that identified for a shard and still has its connection open. Discord
   * lets several connections identify with one token (two processes, a rolling deploy)
   * and sends each of them every event.
   */
  private readonly others = new Map<number, Set<Session>>();
  private withheldAcks = 0;

  constructor(
    private readonly world: World,
    private readonly heartbeatIntervalMs: number,
    private readonly url: () => string,
  ) {}

  /** The intents of `shard`'s live session, or undefined before it has identified. */
  intents(shard = 0): number | undefined {
    return this.live.get(shard)?.intents;
  }

  /** The shard count the bot identified with (1 before it has). */
  get shardCount(): number {
    return this.live.values().next().value?.shard[1] ?? 1;
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'ws://loopback');
    const { v, encoding, compress } = Object.fromEntries(url.searchParams);
    // discord.js asks for v=10&encoding=json, and zlib-stream only when zlib-sync is installed.
    if (url.pathname !== '/' || v !== '10' || encoding !== 'json' || compress !== undefined) {
      socket.end(`HTTP/1.1 400 Bad Request\r\n\r\nloopback gateway speaks ?v=10&encoding=json only, got ${url.search}`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws));
  }

  private connected(ws: WebSocket): void {
    this.note({ kind: 'connect', at: this.world.now() });
    ws.on('message', (data) => this.receive(ws, String(data)));
    ws.on('close', (code) => {
      const session = this.bySocket.get(ws);
      if (session?.socket === ws) session.socket = undefined;
      // Closing with 1000/1001 ends the session on Discord; any other code leaves it resumable.
      if (session && (code === 1000 || code === 1001)) this.forget(session);
      if (!this.closedByDiscord.has(ws)) this.note({ kind: 'close', by: 'bot', code, at: this.world.now() });
    });
    send(ws, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.heartbeatIntervalMs } });
  }

  private readonly closedByDiscord = new WeakSet<WebSocket>();

  private receive(ws: WebSocket, text: string): void {
    let payload: { op?: number; d?: any };
    try {
      payload = JSON.parse(text);
    } catch {
      return this.closeSocket(ws, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
    }
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        if (this.withheldAcks > 0) this.withheldAcks--;
        else send(ws, { op: GatewayOpcodes.HeartbeatAck });
        return;
      case GatewayOpcodes.Identify:
        return this.identify(ws, payload.d);
      case GatewayOpcodes.Resume:
        return this.resume(ws, payload.d);
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.RequestGuildMembers:
      case GatewayOpcodes.VoiceStateUpdate:
        return;
      default:
        return this.closeSocket(ws, GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  private identify(ws: WebSocket, d: { token?: string; intents?: number; shard?: [number, number] }): void {
    this.note({ kind: 'identify', at: this.world.now(), ...(d.shard !== undefined && { shard: d.shard }) });
    if (this.bySocket.has(ws))
      return this.closeSocket(ws, GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
    if (d.token !== this.world.token)
      return this.closeSocket(ws, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    if (typeof d.intents !== 'number')
      return this.closeSocket(ws, GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
    const shard = d.shard ?? [0, 1];
    const [id, count] = shard;
    if (!Number.isInteger(id) || !Number.isInteger(count) || id < 0 || count < 1 || id >= count)
      return this.closeSocket(ws, GatewayCloseCodes.InvalidShard, 'Invalid shard.');
    const session: Session = { id: this.world.nextId(), seq: 0, intents: d.intents, shard, events: [], socket: ws };
    const previous = this.live.get(id);
    // A previous session whose connection is gone is replaced; one still connected is another process.
    if (previous && previous.socket?.readyState !== WebSocket.OPEN) this.forget(previous);
    else if (previous) this.sessionsOf(id).add(previous);
    this.sessions.set(session.id, session);
    this.bySocket.set(ws, session);
    this.live.set(id, session);
    const w = this.world;
    // Each shard gets the guilds whose (guild_id >> 22) % count is its id; the loopback has one.
    const withGuilds = (d.intents & GatewayIntentBits.Guilds) !== 0 && shardOf(w.place.guildId, count) === id;
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: { ...w.bot, verified: true, mfa_enabled: false, flags: 0 as UserFlags },
      // Without the Guilds intent there will be no GUILD_CREATE, and discord.js would wait 15 s for it.
      guilds: withGuilds ? [{ id: w.place.guildId, unavailable: true }] : [],
      session_id: session.id,
      resume_gateway_url: this.url(),
      shard,
      application: { id: w.applicationId, flags: 0 as ApplicationFlags, flags_new: '0' },
    };
    this.emit(session, GatewayDispatchEvents.Ready, ready);
    this.note({ kind: 'ready', at: w.now(), shard: id });
    if (withGuilds) this.emit(session, GatewayDispatchEvents.GuildCreate, this.guild());
  }

  private resume(ws: WebSocket, d: { token?: string; session_id?: string; seq?: number }): void {
    this.note({ kind: 'resume', at: this.world.now() });
    if (d.token !== this.world.token)
      return this.closeSocket(ws, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    const session = this.sessions.get(d.session_id ?? '');
    if (!session) {
      this.note({ kind: 'invalid-session', at: this.world.now() });
      return send(ws, { op: GatewayOpcodes.InvalidSession, d: false });
    }
    if (session.socket && session.socket !== ws) session.socket.terminate();
    session.socket = ws;
    this.bySocket.set(ws, session);
    const shard = session.shard[0];
    if (!this.live.has(shard)) this.live.set(shard, session);
    else if (this.live.get(shard) !== session) this.sessionsOf(shard).add(session);
    for (const event of session.events) if (event.s > (d.seq ?? 0)) send(ws, event);
    send(ws, { op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.Resumed, s: session.seq, d: {} });
    this.note({ kind: 'resumed', at: this.world.now() });
  }

  /** GUILD_CREATE as the guild is now: its roles, channels and threads. */
  private guild() {
    const w = this.world;
    const all = [...w.channels.values()].map((c) => guildChannel(c, w.place.guildId, w.joinedAt));
    const isThread = (c: { id: string }) => w.isThread(c.id);
    return guildCreate(w.place, w.bot, w.joinedAt, {
      roles: w.roles(),
      channels: all.filter((c) => !isThread(c)),
      threads: all.filter(isThread),
      botRoles: [w.botRoleId],
    });
  }

  private sessionsOf(shard: number): Set<Session> {
    let set = this.others.get(shard);
    if (!set) this.others.set(shard, (set = new Set()));
    return set;
  }

  /**
   * Sends an event to `shard`'s session (queued for replay if it is reconnecting) and to
   * every other connection identified for that shard. Returns false when the sessions'
   * intents mean Discord would not send it at all.
   */
  dispatch(t: GatewayDispatchEvents, d: unknown, requiredIntent?: number, shard = 0): boolean {
    const session = this.live.get(shard);
    if (!session)
      throw new Error(
        `loopback discord: no bot has identified on the gateway${shard === 0 ? '' : ` as shard ${shard}`} yet`,
      );
    let sent = false;
    for (const s of [session, ...this.sessionsOf(shard)]) {
      if (s !== session && (s.socket?.readyState !== WebSocket.OPEN || !this.sessions.has(s.id))) {
        this.sessionsOf(shard).delete(s);
        continue;
      }
      if (requiredIntent !== undefined && (s.intents & requiredIntent) === 0) continue;
      this.emit(s, t, d);
      sent = true;
    }
    return sent;
  }

  /** How many connections receive `shard`'s events. */
  connections(shard = 0): number {
    const session = this.live.get(shard);
    if (!session) return 0;
    return (
      1 + [...this.sessionsOf(shard)].filter((s) => s !== session && s.socket?.readyState === WebSocket.OPEN).length
    );
  }

  private emit(session: Session, t: GatewayDispatchEvents, d: unknown): void {
    const event = { op: GatewayOpcodes.Dispatch, t, s: ++session.seq, d } as GatewayDispatchPayload;
    session.events.push(event);
    if (session.socket?.readyState === WebSocket.OPEN) send(session.socket, event);
  }

  // ---- faults ----

  /** Close the live connection with `code`, as Discord does on errors (4000) or timeouts (4009). */
  closeWith(code: number, reason = ''): void {
    const socket = this.liveSocket();
    const session = this.live.get(0);
    if (code === GatewayCloseCodes.SessionTimedOut && session) this.forget(session);
    this.closeSocket(socket, code, reason);
  }

  /** Ignore the next `count` heartbeats, so discord.js declares the connection a zombie. */
  withholdHeartbeatAcks(count = 1): void {
    this.withheldAcks += count;
  }

  /** Cut TCP without a close frame (the bot sees 1006). */
  drop(): void {
    this.liveSocket().terminate();
  }

  /** Op 7: the bot should reconnect and resume. */
  reconnect(): void {
    send(this.liveSocket(), { op: GatewayOpcodes.Reconnect, d: null });
  }

  /** Op 9: resumable → the bot resumes on the same socket; otherwise the session is gone. */
  invalidSession(resumable: boolean): void {
    const socket = this.liveSocket();
    const session = this.live.get(0);
    if (!resumable && session) this.forget(session);
    this.note({ kind: 'invalid-session', at: this.world.now() });
    send(socket, { op: GatewayOpcodes.InvalidSession, d: resumable });
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  /** Faults act on shard 0, the only shard of an unsharded bot. */
  private liveSocket(): WebSocket {
    const socket = this.live.get(0)?.socket;
    if (!socket) throw new Error('loopback discord: no live gateway connection');
    return socket;
  }

  private closeSocket(ws: WebSocket, code: number, reason: string): void {
    this.closedByDiscord.add(ws);
    this.note({ kind: 'close', by: 'discord', code, at: this.world.now() });
    ws.close(code, reason);
  }

  private forget(session: Session): void {
    this.sessions.delete(session.id);
    this.sessionsOf(session.shard[0]).delete(session);
    if (this.live.get(session.shard[0]) !== session) return;
    this.live.delete(session.shard[0]);
    // Another process still connected for the shard becomes the one faults act on.
    const next = [...this.sessionsOf(session.shard[0])].find((s) => s.socket?.readyState === WebSocket.OPEN);
    if (next) {
      this.sessionsOf(session.shard[0]).delete(next);
      this.live.set(session.shard[0], next);
    }
  }

  private note(entry: GatewayLogEntry): void {
    this.log.push(entry);
    this.world.changed();
  }
}

function send(ws: WebSocket, payload: { op: GatewayOpcodes; d?: unknown; s?: number | null; t?: string | null }): void {
  ws.send(JSON.stringify({ s: null, t: null, d: null, ...payload }));
}
