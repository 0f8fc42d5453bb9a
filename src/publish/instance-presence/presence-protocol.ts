// The presence protocol's state machine: announce, roll call, claim after the echo, stand by, take over.
import type { Clock } from "../../core/clock.js";
import type { Logger } from "../../core/logger.js";
import { createTimerSlot } from "../../core/timer-slot.js";
import type { MqttConnection, MqttMessage } from "../../mqtt/mqtt-connection.js";
import type { WriteMode } from "../write-gate.js";
import { createChangeListeners } from "./change-listeners.js";
import { createOtherPublisherWarning } from "./other-publisher-warning.js";
import { ownPresenceEcho } from "./own-presence-echo.js";
import { createPeerPresences, describePeer } from "./peer-presences.js";
import { electionStep, publishingPeer } from "./presence-election.js";
import {
  type InstanceIdentity,
  isPresenceTopic,
  type PresenceRole,
  presenceTopic,
  ROLL_CALL_TOPIC,
} from "./presence-message.js";
import { createPresenceSender } from "./presence-sender.js";
import { type InstancePresenceStatus, presenceStatus } from "./presence-status.js";
import { type PresenceDecision, presenceWriteMode } from "./presence-write-mode.js";

export interface PresenceProtocolDeps {
  connection: MqttConnection;
  self: InstanceIdentity;
  clock: Clock;
  logger: Logger;
  /** How long to wait for an echo, an answer to the roll call, or a broker at all. */
  confirmWithinMs: number;
}

/** Driven by the connection's events between begin() and end(); subscribing is the caller's. */
export interface PresenceProtocol {
  /** From now on messages and connects count. */
  begin(): void;
  /** Stops deciding: timers cancelled, the gate closed. */
  end(): void;
  running(): boolean;
  onMessage(message: MqttMessage): void;
  /** Announces (again) as starting and decides once the broker has echoed it. */
  announce(): void;
  onDisconnect(): void;
  /**
   * Another instance said on Home Assistant's bus that the broker's election made it publish: this
   * one writes nothing (Home Assistant events, Redis, Neo4j) until the election opens its gate again.
   */
  supersede(by: InstanceIdentity): void;
  /**
   * A roll call went out on Home Assistant's bus: what this instance would write is held until
   * another instance's announcement supersedes it, or for answerWithinMs (then it writes as before).
   */
  askOnBus(answerWithinMs: number): void;
  /** Called once subscribed: a broker that has not connected within confirmWithinMs is taken as away. */
  waitForBroker(): void;
  isOpen(): boolean;
  writeMode(): WriteMode;
  onOpenChange(fn: (open: boolean) => void): () => void;
  onModeChange(fn: (mode: WriteMode) => void): () => void;
  status(): InstancePresenceStatus;
}

/**
 * Every instance announces itself (role "starting"), then claims ("publishing") only when it
 * knows of no instance that publishes. The broker delivers every message in the order it received
 * them, to every subscriber alike, and a claim counts only once its own echo is back: a claim that
 * arrives before that echo was first, so this one stands by. Two instances starting at the same
 * instant therefore end with exactly one publishing, and a running one is never displaced by a
 * newcomer. When the publisher goes away (a clean stop or its Last Will), the others claim again.
 */
export function createPresenceProtocol(deps: PresenceProtocolDeps): PresenceProtocol {
  const { connection, self, clock, logger, confirmWithinMs } = deps;
  const ownTopic = presenceTopic(self);
  const peers = createPeerPresences(logger);
  const listeners = createChangeListeners<boolean>(logger, "a publishing gate listener failed");
  const modeListeners = createChangeListeners<WriteMode>(logger, "a write gate listener failed");
  const warnOnce = createOtherPublisherWarning(logger, self);
  let running = false;
  const send = createPresenceSender(connection, self, logger, () => running);
  /** What our retained presence says. */
  let announced: PresenceRole = "starting";
  let open = false;
  /** The payload whose echo we wait for before deciding anything. */
  let awaiting: string | undefined;
  let awaitingClaim = false;
  /** Another claim arrived live while ours was on its way: it was first. */
  let claimContested = false;
  const confirmTimer = createTimerSlot(clock);
  const echoTimer = createTimerSlot(clock);
  const aloneTimer = createTimerSlot(clock);
  /**
   * The last decision, kept while the broker is away: a standby that loses it must not start writing
   * what the publisher writes, and an instance whose broker never answers writes as if alone.
   */
  let decided: PresenceDecision | undefined;
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
  /** Set by another instance's announcement on Home Assistant's bus; cleared when our gate opens again. */
  let superseded = false;
  let supersededBy: InstanceIdentity | null = null;
  /** Until answered or busAnswerTimer fires: what would be written is held (askOnBus). */
  let askingOnBus = false;
  const busAnswerTimer = createTimerSlot(clock);

  const writeMode = () => presenceWriteMode({ open, running, brokerUp, announced, decided, superseded, askingOnBus });

  /** Called after every change of state: tells the listeners when the mode it gives is new. */
  function modeMayHaveChanged(): void {
    const mode = writeMode();
    if (mode === lastMode) return;
    lastMode = mode;
    modeListeners.tell(mode);
  }

  function standBy(): void {
    announced = "standby";
    decided = "standby";
    publishOwn();
    modeMayHaveChanged();
  }

  const publishOwn = () => send.presence(announced);

  function setOpen(next: boolean): void {
    if (open === next) return;
    open = next;
    if (next) {
      decided = "publishing";
      superseded = false;
      supersededBy = null;
      askingOnBus = false;
      busAnswerTimer.cancel();
    }
    listeners.tell(next);
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
    send.rollCall();
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
    echoTimer.start(() => {
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
    if (!publishingPeer(peers.all())) return;
    logger.info("the broker echoes after all and another instance publishes: deciding again", {
      instance: self.id,
    });
    setOpen(false);
    announced = "starting";
    publishOwn();
    scheduleConfirm();
    decide();
  }

  function decide(): void {
    const step = electionStep({
      running,
      connected: connection.connected,
      awaitingEcho: awaiting !== undefined,
      open,
      announced,
      peers: peers.all(),
    });
    if (step.action === "claim") claim();
    if (step.action !== "stand-by") return;
    if (step.announce) standBy();
    warnOnce(step.topic, step.publisher);
  }

  function onOwnMessage(text: string, retained: boolean): void {
    const echo = ownPresenceEcho(text, retained, { running, unconfirmed, awaiting, awaitingClaim, claimContested });
    if (echo === "ignore") return;
    if (echo === "deleted") {
      // Start over like a newcomer; who deleted it is told by the echo of this announcement.
      announce();
      deletedWhileUp = true;
      return;
    }
    if (echo === "late") {
      decideAfterLateEcho();
      return;
    }
    if (deletedWhileUp) {
      deletedWhileUp = false;
      logger.warn("another instance removed this instance's presence (it took this one for gone); announced it again");
    }
    awaiting = undefined;
    echoTimer.cancel();
    if (echo === "announcement") {
      scheduleConfirm();
      decide();
      return;
    }
    awaitingClaim = false;
    if (echo === "contested-claim") {
      standBy();
      decide();
      return;
    }
    logger.info("this instance publishes to Home Assistant", { instance: self.id, others: peers.all().size });
    setOpen(true);
  }

  function onPeerMessage(topic: string, text: string, retained: boolean): void {
    const news = peers.receive(topic, text, retained);
    if (news.kind === "unreadable") return;
    if (news.kind === "heard") {
      const liveClaim = !retained && news.presence.role === "publishing";
      if (liveClaim && awaitingClaim) claimContested = true;
      if (unconfirmed && liveClaim) {
        decideAfterLateEcho();
        return;
      }
    }
    decide();
  }

  /** Presences the broker replayed and nobody answered for: taken as left over, and deleted. */
  function scheduleConfirm(): void {
    confirmTimer.cancel();
    if (!peers.anyUnanswered()) return;
    confirmTimer.start(() => {
      if (!running || !connection.connected) return;
      for (const [topic, presence] of peers.takeUnanswered()) {
        logger.info("deleting the presence of an instance that did not answer; it is taken as gone", {
          ...describePeer(presence),
          waitedMs: confirmWithinMs,
        });
        send.deleteLeftOver(topic);
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
    begin() {
      running = true;
    },

    end() {
      running = false;
      for (const timer of [confirmTimer, echoTimer, aloneTimer, busAnswerTimer]) timer.cancel();
      askingOnBus = false;
      setOpen(false);
      modeMayHaveChanged();
    },

    running: () => running,
    onMessage,
    announce,

    onDisconnect() {
      // The broker sends our Will: the others may take over now, so this one stops at once.
      confirmTimer.cancel();
      echoTimer.cancel();
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
    },

    supersede(by) {
      if (!running || (by.id === self.id && by.run === self.run) || superseded) return;
      superseded = true;
      supersededBy = by;
      askingOnBus = false;
      busAnswerTimer.cancel();
      logger.warn(
        "another Home Patterns instance announced on Home Assistant's bus that it publishes now: this one stops firing Home Assistant events and writing Redis and Neo4j until the MQTT broker's election makes it publish again",
        { ...describePeer({ ...by, role: "publishing" }), thisInstance: self.id, brokerConnected: brokerUp },
      );
      modeMayHaveChanged();
    },

    askOnBus(answerWithinMs) {
      if (!running) return;
      askingOnBus = true;
      busAnswerTimer.start(() => {
        askingOnBus = false;
        modeMayHaveChanged();
      }, answerWithinMs);
      modeMayHaveChanged();
    },

    waitForBroker() {
      aloneTimer.start(() => {
        if (!running || decided !== undefined || brokerUp) return;
        // As an instance without MQTT does: Home Assistant's bus, Redis and Neo4j do not need the broker.
        logger.warn("the MQTT broker is not reachable: writing Home Assistant events, Redis and Neo4j as if alone", {
          waitedMs: confirmWithinMs,
        });
        decided = "alone";
        modeMayHaveChanged();
      }, confirmWithinMs);
      modeMayHaveChanged();
    },

    isOpen: () => open,
    writeMode,
    onOpenChange: (fn) => listeners.add(fn),
    onModeChange: (fn) => modeListeners.add(fn),

    status: () =>
      presenceStatus(
        self,
        [...peers.all().values()].map((p) => p.presence),
        {
          open,
          announced,
          broker: brokerUp ? "connected" : decided === undefined ? "connecting" : "disconnected",
          supersededBy,
        },
      ),
  };
}
