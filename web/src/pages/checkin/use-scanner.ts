import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import {
  type CheckInState,
  getCheckInState,
  getTicketKeys,
  type JwkSet,
  sendScan,
} from "../../api/checkin";
import { toApiError } from "../../api/client";
import * as device from "../../offline/scanner-store";
import { syncQueue } from "../../offline/sync-queue";
import { followCheckIns } from "./check-in-stream";
import { checkOnDevice } from "./check-on-device";
import {
  alreadyScanned,
  type Conflict,
  type RecentScan,
  recentFrom,
  type ScanResult,
  type SeenScan,
  withRecent,
} from "./scan-outcomes";

const SYNC_EVERY_MS = 10_000;
const STATS_DEBOUNCE_MS = 400;
const isOnline = () => typeof navigator === "undefined" || navigator.onLine;

/**
 * The scanner of one event: the key set and check-in state cached on the device (refreshed
 * when online), verification on the device, scans sent at once or queued in IndexedDB and
 * synced when the network returns, and every gate's scans from the live stream.
 */
export function useScanner(eventId: string, gate: string) {
  const queryClient = useQueryClient();
  const [keys, setKeys] = useState<JwkSet>();
  const [state, setState] = useState<CheckInState>();
  const [loadError, setLoadError] = useState<string>();
  const [online, setOnline] = useState(isOnline);
  const [live, setLive] = useState(false);
  const [queued, setQueued] = useState(0);
  const [result, setResult] = useState<ScanResult>();
  const [recent, setRecent] = useState<RecentScan[]>([]);
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const seen = useRef(new Map<string, SeenScan>());
  const voided = useRef(new Set<string>());
  const moved = useRef(new Map<string, string>());
  const serial = useRef(0);
  const statsTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const show = useCallback((answer: Omit<ScanResult, "serial">) => {
    serial.current += 1;
    setResult({ ...answer, serial: serial.current });
  }, []);

  const refreshStats = useCallback(() => {
    clearTimeout(statsTimer.current);
    statsTimer.current = setTimeout(() => {
      void queryClient.invalidateQueries({ queryKey: ["check-in", eventId, "stats"] });
    }, STATS_DEBOUNCE_MS);
  }, [queryClient, eventId]);

  const applyState = useCallback((next: CheckInState) => {
    setState(next);
    voided.current = new Set(next.void_seat_ids);
    moved.current = new Map(next.moved_seats.map((m) => [m.seat_id, m.registration_id]));
    for (const c of next.check_ins) {
      if (!seen.current.has(c.seat_id))
        seen.current.set(c.seat_id, { at: c.checked_in_at, gate: c.gate });
    }
  }, []);

  const countQueue = useCallback(async () => {
    const queue = await device.loadQueue(eventId);
    for (const scan of queue)
      seen.current.set(scan.seat_id, { at: scan.scanned_at, gate: scan.gate ?? null, here: true });
    setQueued(queue.length);
  }, [eventId]);

  // What the device holds first (it works with no network), then fresh copies when online.
  const reload = useCallback(async () => {
    const [cachedKeys, cachedState] = await Promise.all([
      device.loadKeys(),
      device.loadState(eventId),
    ]);
    if (cachedKeys) setKeys((current) => current ?? cachedKeys);
    if (cachedState) applyState(cachedState);
    await countQueue();
    if (!isOnline()) return;
    try {
      const fresh = await getTicketKeys();
      setKeys(fresh);
      await device.saveKeys(fresh);
    } catch {
      // the cached set stays in use
    }
    try {
      const fresh = await getCheckInState(eventId);
      applyState(fresh);
      await device.saveState(eventId, fresh);
      setLoadError(undefined);
    } catch (error) {
      const problem = toApiError(error);
      if (problem.status && problem.status < 500) setLoadError(problem.message);
    }
  }, [eventId, applyState, countQueue]);

  const syncing = useRef(false);
  const sync = useCallback(async () => {
    if (syncing.current || !isOnline()) return;
    syncing.current = true;
    try {
      const report = await syncQueue(eventId);
      for (const record of report.sent) setRecent((list) => withRecent(list, recentFrom(record)));
      if (report.conflicts.length > 0) setConflicts((list) => [...report.conflicts, ...list]);
      if (report.sent.length + report.conflicts.length > 0) refreshStats();
      await countQueue();
    } finally {
      syncing.current = false;
    }
  }, [eventId, refreshStats, countQueue]);
  const syncRef = useRef(sync);
  useEffect(() => {
    syncRef.current = sync;
  }, [sync]);

  useEffect(() => {
    // Started from a callback: the cached copies arrive asynchronously anyway.
    void Promise.resolve()
      .then(reload)
      .then(() => syncRef.current());
    const goneOnline = () => {
      setOnline(true);
      void reload().then(() => syncRef.current());
    };
    const goneOffline = () => {
      setOnline(false);
    };
    window.addEventListener("online", goneOnline);
    window.addEventListener("offline", goneOffline);
    const timer = setInterval(() => void syncRef.current(), SYNC_EVERY_MS);
    const stop = followCheckIns(eventId, {
      onScan: (scan) => {
        // This device's own scan comes back too: it stays "scanned on this device".
        const here = seen.current.get(scan.seat_id)?.here === true;
        seen.current.set(scan.seat_id, { at: scan.checked_in_at, gate: scan.gate, here });
        setRecent((list) => withRecent(list, recentFrom(scan)));
        refreshStats();
      },
      onOpen: () => {
        setLive(true);
        refreshStats();
      },
      onDown: () => {
        setLive(false);
      },
    });
    return () => {
      stop();
      clearInterval(timer);
      clearTimeout(statsTimer.current);
      window.removeEventListener("online", goneOnline);
      window.removeEventListener("offline", goneOffline);
    };
  }, [eventId, reload, refreshStats]);

  /** Checks one code read by the camera or typed in, and records it. */
  const check = useCallback(
    async (code: string) => {
      const local = await checkOnDevice(code.trim(), eventId, keys, {
        voided: voided.current,
        moved: moved.current,
        seen: seen.current,
      });
      if ("refused" in local) {
        show(local.refused);
        return;
      }
      const t = local.ticket;
      const who = { holder: local.holder, ticketType: t.ticketTypeName };
      const scan = {
        ticket_code: code.trim(),
        scanned_at: new Date().toISOString(),
        seat_id: t.seatId,
        holder: who.holder,
        ...(gate ? { gate } : {}),
      };
      seen.current.set(t.seatId, { at: scan.scanned_at, gate: gate || null, here: true });
      const row: RecentScan = { seatId: t.seatId, ...who, gate: gate || null, at: scan.scanned_at };
      const outcome = isOnline()
        ? await sendScan({
            ticket_code: scan.ticket_code,
            scanned_at: scan.scanned_at,
            ...(gate ? { gate } : {}),
          })
        : ({ kind: "unreachable" } as const);
      if (outcome.kind === "ok") {
        setRecent((list) => withRecent(list, recentFrom(outcome.record)));
        show({
          tone: "ok",
          title: "Checked in",
          ...who,
          detail: gate ? `At ${gate}.` : "Welcome!",
        });
        refreshStats();
      } else if (outcome.kind === "already") {
        const first = { at: outcome.checkedInAt ?? scan.scanned_at, gate: outcome.gate };
        seen.current.set(t.seatId, first);
        show({
          tone: "refused",
          title: "Refused: already scanned",
          ...who,
          detail: alreadyScanned(first),
        });
      } else if (outcome.kind === "refused") {
        seen.current.delete(t.seatId);
        if (outcome.status === 422) voided.current.add(t.seatId);
        show({
          tone: "refused",
          title: "Refused",
          ...who,
          detail: outcome.detail || "The service refused this ticket.",
        });
      } else if (await device.enqueue(eventId, scan)) {
        setRecent((list) => withRecent(list, { ...row, queued: true }));
        setQueued((n) => n + 1);
        show({
          tone: "ok",
          title: "Checked in (offline)",
          ...who,
          detail: "Saved on this device; it is sent when the network returns.",
        });
      } else {
        seen.current.delete(t.seatId);
        show({
          tone: "refused",
          title: "Not saved",
          ...who,
          detail: "This device holds the most scans it can. Reconnect to send them.",
        });
      }
    },
    [keys, eventId, gate, show, refreshStats],
  );

  return { keys, state, loadError, online, live, queued, result, recent, conflicts, check, sync };
}
