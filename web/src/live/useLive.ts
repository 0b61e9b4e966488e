// Keeps a view's data current through long polls: each step waits on the server for the next change.
import { useEffect, useState } from "preact/hooks";
import { HttpError, isAbort } from "../api/http";
import type { Indexed } from "../api/native";

export type Live<T> =
  | { status: "loading" }
  | { status: "ready"; value: T; problem?: string }
  | { status: "failed"; error: unknown };

/**
 * A step answers the current value: at once without a previous value, else once the server reports a change
 * after the previous index (or its wait ends; returning the previous value object then means "unchanged").
 */
export type Step<T> = (previous: Indexed<T> | undefined, signal: AbortSignal) => Promise<Indexed<T>>;

/** Errors after which polling stops: the resource is gone or the API is absent, retrying cannot help. */
export type IsFinal = (error: unknown) => boolean;

const notFound: IsFinal = (e) => e instanceof HttpError && e.status === 404;

/** Consul's advice for blocking loops: an answer that came back fast without a newer index waits this long. */
const MIN_LOOP_MS = 1000;
const MAX_BACKOFF_MS = 30_000;

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function useLive<T>(step: Step<T>, deps: readonly unknown[], isFinal: IsFinal = notFound): Live<T> {
  const [state, setState] = useState<Live<T>>({ status: "loading" });
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setState({ status: "loading" });
    (async () => {
      let previous: Indexed<T> | undefined;
      let failures = 0;
      while (!signal.aborted) {
        const started = Date.now();
        try {
          const next = await step(previous, signal);
          if (signal.aborted) return;
          if (!previous || next.value !== previous.value || failures > 0) setState({ status: "ready", value: next.value });
          const advanced = !previous || next.index > previous.index;
          previous = next;
          failures = 0;
          if (!advanced && Date.now() - started < MIN_LOOP_MS) await pause(MIN_LOOP_MS, signal);
        } catch (error) {
          if (signal.aborted || isAbort(error)) return;
          if (isFinal(error) || !previous) {
            // Nothing shown yet, or nothing left to show: say so plainly instead of retrying behind a spinner.
            setState({ status: "failed", error });
            if (isFinal(error)) return;
          } else {
            setState({ status: "ready", value: previous.value, problem: errorText(error) });
          }
          failures++;
          await pause(Math.min(MAX_BACKOFF_MS, 500 * 2 ** failures), signal);
        }
      }
    })();
    return () => controller.abort();
    // The step is a fresh closure each render; the caller's deps say when it means something new.
  }, deps);
  return state;
}
