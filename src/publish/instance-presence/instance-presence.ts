// Which of several Home Patterns instances on one broker publishes to Home Assistant: the first claim the broker delivers.
import type { Clock, TimerHandle } from "../../core/clock.js";
import { errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { MqttConnection, MqttMessage, MqttPublishOptions } from "../../mqtt/mqtt-connection.js";
import type { PublishingGate } from "../mqtt-discovery/publishing-gate.js";
import type { WriteGate, WriteMode } from "../write-gate.js";
import {
  formatPresence,
  type InstanceIdentity,
  type InstancePresence,
  isPresenceTopic,
  PRESENCE_FILTER,
  type PresenceRole,
  parsePresence,
  presenceTopic,
  ROLL_CALL_TOPIC,
} from "./presence-message.js";

/**
 * How long a presence the broker replays (retained) may go without its instance answering the roll
 * call before it is taken as left over (a broker restarted with persistence keeps presences whose
 * Last Will it never sent). Long enough for an instance busy with a rollup on a small board.
 */
export const CONFIRM_WITHIN_MS = 30_000;

const RETAINED: MqttPublishOptions = { retain: true, qos: 1 };

export interface InstancePresenceDeps {
  /** A connection of its own, created with presenceWill(self): this Will must not touch the entities' availability. */
  connection: MqttConnection;
  self: InstanceIdentity;
  clock: Clock;
  logger: Logger;
  confirmWithinMs?: number;
}

export interface InstancePresenceStatus extends InstanceIdentity {
  role: PresenceRole;
  /** The other instances on the broker, the publishing one first. */
  others: InstancePresence[];
}

export interface InstancePresenceService extends PublishingGate {
  /** Subscribes to the others' presence; announces this one at every connect. */
  start(): Promise<void>;
  /** Deletes this instance's presence (the others take over at once) and closes the gate. */
  stop(): Promise<void>;
  status(): InstancePresenceStatus;
  /**
   * Whether to write what every instance would write alike (Home Assistant events, Redis, Neo4j).
   * Those need no broker: unlike the entities' gate, the last decision holds while it is away.
   */
  writeGate: WriteGate;
}

interface Peer {
  presence: InstancePresence;
  /** Heard live since our subscription, not only replayed from the broker's retained store. */
  live: boolean;
}

/**
 * Every instance announces itself (role "starting"), then claims ("publishing") only when it
 * knows of no instance that publishes. The broker delivers every message in the order it received
 * them, to every subscriber alike, and a claim counts only once its own echo is back: a claim that
 * arrives before that echo was first, so this one stands by. Two instances starting at the same
 * instant therefore end with exactly one publishing, and a running one is never displaced by a
 * newcomer. When the publisher goes away (a clean stop or its Last Will), the others claim again.
 */
export function createInstancePresence(deps: InstancePresenceDeps): InstancePresenceService {
  const { connection, self, clock } = deps;
  const logger = deps.logger.child("instance-presence");
  const ownTopic = presenceTopic(self);
  const confirmWithinMs = deps.confirmWithinMs ?? CONFIRM_WITHIN_MS;
  const peers = new Map<string, Peer>();
  const listeners = new Set<(open: boolean) => void>();
  const modeListeners = new Set<(mode: WriteMode) => void>();
  const unlisten: (() => void)[] = [];
  const warnedAbout = new Set<string>();
  const unreadable = new Set<string>();
  let running = false;
  /** What our retained presence says. */
  let announced: PresenceRole = "starting";
  let open = false;
  /** The payload whose echo we wait for before deciding anything. */
  let awaiting: string | undefined;
  let awaitingClaim = false;
  /** Another claim arrived live while ours was on its way: it was first. */
  let claimContested = false;
  let confirmTimer: TimerHandle | undefined;
  let echoTimer: TimerHandle | undefined;
  let aloneTimer: TimerHandle | undefined;
  /**
   * The last decision, kept while the broker is away: a standby that loses it must not start writing
   * what the publisher writes, and an instance whose broker never answers writes as if alone.
   */
  let decided: "publishing" | "standby" | "alone" | undefined;
  let lastMode: WriteMode = "hold";
  /** Between our connect and disconnect callbacks (the client's own flag may lag behind them). */
  let brokerUp = false;
  /**
   * Opened by the echo timer without the broker's echo. The echo may only have been late (an event
   * loop busy past the timer): the first sign that the broker delivers after all decides again.
   */
  let unconfirmed = false;
  /**
   * Our presence was deleted while connected: another instance took us for gone, or the broker,
   * going down, sent our Last Will (mosquitto 2 does). Only the echo of the announcement that
   * follows shows the broker is still up, and that it was the other instance.
   */
  let deletedWhileUp = false;

  function writeMode(): WriteMode {
    if (open) return "write";
    if (!running) return "hold";
    if (brokerUp) return announced === "standby" ? "drop" : "hold";
    if (decided === undefined) return "hold";
    return decided === "standby" ? "drop" : "write";
  }

  /** Called after every change of state: tells the listeners when the mode it gives is new. */
  function modeMayHaveChanged(): void {
    const mode = writeMode();
    if (mode === lastMode) return;
    lastMode = mode;
    for (const fn of [...modeListeners]) {
      try {
        fn(mode);
      } catch (err) {
        logger.error("a write gate listener failed", { error: errorMessage(err) });
      }
    }
  }

  function standBy(): void {
    announced = "standby";
    decided = "standby";
    publishOwn();
    modeMayHaveChanged();
  }

  const ownPayload = () => formatPresence({ ...self, role: announced });

  function publishOwn(): string {
    const payload = ownPayload();
    connection.publish(ownTopic, payload, RETAINED).catch((err) => {
      if (running) logger.warn("cannot publish this instance's presence", { error: errorMessage(err) });
    });
    return payload;
  }

  function setOpen(next: boolean): void {
    if (open === next) return;
    open = next;
    if (next) decided = "publishing";
    for (const fn of [...listeners]) {
      try {
        fn(next);
      } catch (err) {
        logger.error("a publishing gate listener failed", { error: errorMessage(err) });
      }
    }
    modeMayHaveChanged();
  }

  /** Announces (again) as starting and decides once the broker has echoed it. */
  function announce(): void {
    brokerUp = true;
    unconfirmed = false;
    setOpen(false);
    announced = "starting";
    claimContested = false;
    awaitingClaim = false;
    expectEcho(publishOwn());
    modeMayHaveChanged();
    connection.publish(ROLL_CALL_TOPIC, self.run, { retain: false, qos: 1 }).catch((err) => {
      if (running) logger.warn("cannot ask the other instances to answer", { error: errorMessage(err) });
    });
  }

  function claim(): void {
    announced = "publishing";
    claimContested = false;
    awaitingClaim = true;
    expectEcho(publishOwn());
  }

  /**
   * Waits for the broker to echo our presence. A broker that never does (an ACL that drops our
   * presence topic, a refused subscription) must not keep this instance from publishing for good:
   * it then publishes as if alone, as every instance did before presences existed, and says why.
   */
  function expectEcho(payload: string): void {
    awaiting = payload;
    echoTimer?.cancel();
    echoTimer = clock.setTimeout(() => {
      echoTimer = undefined;
      if (!running || awaiting === undefined || !connection.connected) return;
      logger.warn(
        "the broker does not echo this instance's presence (are home_patterns/instance/# topics allowed for this MQTT user?): publishing as if alone",
        { waitedMs: confirmWithinMs, topic: ownTopic },
      );
      awaiting = undefined;
      awaitingClaim = false;
      announced = "publishing";
      unconfirmed = true;
      // Said on the broker too: the others see the claim if it only delivers late.
      publishOwn();
      setOpen(true);
    }, confirmWithinMs);
  }

  /** The broker delivers after all: an instance that opened without its echo decides as the others do. */
  function decideAfterLateEcho(): void {
    unconfirmed = false;
    // Alone after all: it keeps publishing, its claim already on the broker.
    if (!publisherPeer()) return;
    logger.info("the broker echoes after all and another instance publishes: deciding again", {
      instance: self.id,
    });
    setOpen(false);
    announced = "starting";
    publishOwn();
    scheduleConfirm();
    decide();
  }

  function publisherPeer(): [string, Peer] | undefined {
    const publishing = [...peers].filter(([, p]) => p.presence.role === "publishing");
    return publishing.find(([, p]) => p.live) ?? publishing[0];
  }

  function decide(): void {
    if (!running || !connection.connected || awaiting !== undefined || open) return;
    const publisher = publisherPeer();
    if (publisher?.[1].live) {
      if (announced !== "standby") standBy();
      warnOnce(publisher[0], publisher[1].presence);
      return;
    }
    // Replayed by the broker but not heard from yet: the roll call's answer, or the timer, decides.
    if (publisher) return;
    claim();
  }

  function warnOnce(topic: string, other: InstancePresence): void {
    if (warnedAbout.has(topic)) return;
    warnedAbout.add(topic);
    logger.warn(
      "another Home Patterns instance publishes to Home Assistant on this MQTT broker: this one does not publish, clear or remove entities, and takes over when the other goes offline",
      {
        ...describe(other),
        thisInstance: self.id,
        ...(other.id === self.id
          ? { note: "the same instance id as this one: a copy of this data dir, e.g. restored from a backup" }
          : {}),
      },
    );
  }

  function onOwnMessage(text: string, retained: boolean): void {
    // Our presence from an earlier connection of this run, replayed: not an echo.
    if (retained) return;
    if (text === "") {
      if (!running) return;
      // Start over like a newcomer; who deleted it is told by the echo of this announcement.
      announce();
      deletedWhileUp = true;
      return;
    }
    if (unconfirmed) {
      decideAfterLateEcho();
      return;
    }
    if (text !== awaiting) return;
    if (deletedWhileUp) {
      deletedWhileUp = false;
      logger.warn("another instance removed this instance's presence (it took this one for gone); announced it again");
    }
    awaiting = undefined;
    echoTimer?.cancel();
    echoTimer = undefined;
    if (!awaitingClaim) {
      scheduleConfirm();
      decide();
      return;
    }
    awaitingClaim = false;
    if (claimContested) {
      standBy();
      decide();
      return;
    }
    logger.info("this instance publishes to Home Assistant", { instance: self.id, others: peers.size });
    setOpen(true);
  }

  function onPeerMessage(topic: string, text: string, retained: boolean): void {
    if (text === "") {
      const gone = peers.get(topic);
      peers.delete(topic);
      if (gone) logger.info("another Home Patterns instance went offline", describe(gone.presence));
      decide();
      return;
    }
    let presence: InstancePresence;
    try {
      presence = parsePresence(text);
    } catch (err) {
      if (!unreadable.has(topic)) {
        unreadable.add(topic);
        logger.warn("ignoring an unreadable Home Patterns presence message", { topic, error: errorMessage(err) });
      }
      return;
    }
    const live = !retained || peers.get(topic)?.live === true;
    peers.set(topic, { presence, live });
    if (!retained && presence.role === "publishing" && awaitingClaim) claimContested = true;
    if (unconfirmed && !retained && presence.role === "publishing") {
      decideAfterLateEcho();
      return;
    }
    decide();
  }

  /** Presences the broker replayed and nobody answered for: taken as left over, and deleted. */
  function scheduleConfirm(): void {
    confirmTimer?.cancel();
    if (![...peers.values()].some((p) => !p.live)) return;
    confirmTimer = clock.setTimeout(() => {
      confirmTimer = undefined;
      if (!running || !connection.connected) return;
      for (const [topic, peer] of [...peers]) {
        if (peer.live) continue;
        peers.delete(topic);
        logger.info("deleting the presence of an instance that did not answer; it is taken as gone", {
          ...describe(peer.presence),
          waitedMs: confirmWithinMs,
        });
        connection.publish(topic, "", RETAINED).catch((err) => {
          logger.warn("cannot delete a left-over presence", { topic, error: errorMessage(err) });
        });
      }
      decide();
    }, confirmWithinMs);
  }

  const onMessage = (message: MqttMessage) => {
    if (!running) return;
    const text = message.payload.toString("utf8");
    if (message.topic === ROLL_CALL_TOPIC) {
      if (text !== self.run && connection.connected) publishOwn();
      return;
    }
    if (!isPresenceTopic(message.topic)) return;
    if (message.topic === ownTopic) onOwnMessage(text, message.retain);
    else onPeerMessage(message.topic, text, message.retain);
  };

  return {
    isOpen: () => open,

    writeGate: {
      mode: writeMode,
      onChange(fn) {
        modeListeners.add(fn);
        return () => void modeListeners.delete(fn);
      },
    },

    onChange(fn) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },

    async start() {
      if (running) throw new Error("the instance presence is already started");
      running = true;
      unlisten.push(
        connection.onMessage(onMessage),
        connection.onDisconnect(() => {
          // The broker sends our Will: the others may take over now, so this one stops at once.
          for (const timer of [confirmTimer, echoTimer]) timer?.cancel();
          confirmTimer = echoTimer = undefined;
          peers.clear();
          awaiting = undefined;
          awaitingClaim = false;
          unconfirmed = false;
          // Our own Will, sent by the broker on its way down: no other instance to warn about.
          deletedWhileUp = false;
          announced = "starting";
          brokerUp = false;
          setOpen(false);
          modeMayHaveChanged();
        }),
      );
      for (const topic of [PRESENCE_FILTER, ROLL_CALL_TOPIC]) {
        // Renewed by the connection at every connect: a failure now is not final.
        await connection.subscribe(topic).catch((err) => {
          logger.error("instance presence subscribe failed", { topic, error: errorMessage(err) });
        });
      }
      unlisten.push(connection.onConnect(announce));
      aloneTimer = clock.setTimeout(() => {
        aloneTimer = undefined;
        if (!running || decided !== undefined || brokerUp) return;
        // As an instance without MQTT does: Home Assistant's bus, Redis and Neo4j do not need the broker.
        logger.warn("the MQTT broker is not reachable: writing Home Assistant events, Redis and Neo4j as if alone", {
          waitedMs: confirmWithinMs,
        });
        decided = "alone";
        modeMayHaveChanged();
      }, confirmWithinMs);
      modeMayHaveChanged();
      logger.info("instance presence started", { instance: self.id, run: self.run, host: self.host });
    },

    async stop() {
      if (!running) return;
      running = false;
      for (const timer of [confirmTimer, echoTimer, aloneTimer]) timer?.cancel();
      confirmTimer = echoTimer = aloneTimer = undefined;
      for (const off of unlisten.splice(0)) off();
      setOpen(false);
      modeMayHaveChanged();
      try {
        // Deleted rather than marked offline: nothing of this run is left on the broker.
        if (connection.connected) await connection.publish(ownTopic, "", RETAINED);
        await connection.unsubscribe(PRESENCE_FILTER);
        await connection.unsubscribe(ROLL_CALL_TOPIC);
      } catch (err) {
        logger.warn("could not delete this instance's presence", { error: errorMessage(err) });
      }
    },

    status() {
      const others = [...peers.values()]
        .map((p) => p.presence)
        .sort((a, b) => Number(b.role === "publishing") - Number(a.role === "publishing") || a.startedAt - b.startedAt);
      return { ...self, role: open ? "publishing" : announced === "standby" ? "standby" : "starting", others };
    },
  };
}

function describe(presence: InstancePresence): Record<string, unknown> {
  return {
    otherInstance: presence.id,
    host: presence.host,
    version: presence.version,
    startedAt: new Date(presence.startedAt).toISOString(),
    role: presence.role,
  };
}
