import { errorText } from "../live/useLive";

export function Loading({ what }: { what: string }) {
  return (
    <p class="state" role="status">
      Loading {what}…
    </p>
  );
}

export function Failed({ what, error }: { what: string; error: unknown }) {
  return (
    <p class="state error" role="alert">
      Could not load {what}: {errorText(error)}
    </p>
  );
}

/** Shown above data that is still displayed while its live updates are failing. */
export function Stale({ problem }: { problem?: string }) {
  return problem ? (
    <p class="state warning" role="status">
      Live updates interrupted ({problem}); retrying. The data below may be out of date.
    </p>
  ) : null;
}
