import type { ComponentChildren } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { errorText } from "../live/useLive";

interface Props {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  children: ComponentChildren;
  /** Runs the confirmed action; the dialog closes when it succeeds and shows its error when it fails. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/**
 * A modal confirmation (native <dialog>: focus moves in, the page behind is inert, Escape cancels) that gives
 * focus back to the control that opened it.
 */
export function Dialog({ title, confirmLabel, danger, children, onConfirm, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    ref.current?.showModal();
    // The opener may be gone (an editor that closed with the dialog): the page heading is the next best place.
    return () => (opener?.isConnected ? opener : document.querySelector<HTMLElement>("main h1"))?.focus();
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} aria-labelledby={titleId} onCancel={(e) => (e.preventDefault(), busy || onClose())}>
      <form onSubmit={submit}>
        <h2 id={titleId}>{title}</h2>
        {children}
        {error && (
          <p class="state error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" class={danger ? "danger" : "primary"} disabled={busy}>
            {busy ? "Working…" : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
