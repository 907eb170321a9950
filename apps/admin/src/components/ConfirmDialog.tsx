import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { ApiError } from '../api/client';
import { useI18n } from '../lib/i18n';
import { ErrorBox } from './states';
import './studio.css';

interface ConfirmButtonProps {
  /** The button that opens the dialog (its accessible name). */
  label: string;
  /** The dialog's title, e.g. "Disable analyst@example.test?" */
  title: string;
  /** What will happen, spelled out: who is affected and whether it can be undone. */
  consequence: ReactNode;
  /** The confirming button's label, distinct from `label` (e.g. "Disable the account"). */
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  className?: string;
  confirmClassName?: string;
  disabled?: boolean;
  /** Extra fields (a reason…); `ready` false keeps the confirm button disabled. */
  children?: ReactNode;
  ready?: boolean;
  /** The id of an element that says which row the button acts on (its accessible description). */
  describedBy?: string;
  /** An accessible name longer than the visible label (e.g. "Disable ana@example.test"). */
  ariaLabel?: string;
  /** Checked before the dialog opens (a required field on the page); false keeps it closed. */
  beforeOpen?: () => boolean;
}

/**
 * A button that asks first: a modal dialog names the consequence of the action, and only
 * its confirm button performs it. Errors stay in the dialog.
 */
export function ConfirmButton({
  label,
  title,
  consequence,
  confirmLabel,
  onConfirm,
  className = 'button',
  confirmClassName = 'button button-primary',
  disabled,
  children,
  ready = true,
  describedBy,
  ariaLabel,
  beforeOpen,
}: ConfirmButtonProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <>
      <button
        type="button"
        className={className}
        disabled={disabled}
        aria-describedby={describedBy}
        aria-label={ariaLabel}
        onClick={() => (beforeOpen && !beforeOpen() ? undefined : setOpen(true))}
      >
        {label}
      </button>
      {/* In a portal: the button may sit in a form, and a form inside a form never submits. */}
      {createPortal(
        <dialog
          ref={ref}
          className="confirm-dialog"
          aria-labelledby={titleId}
          onClose={() => setOpen(false)}
        >
          {open ? (
            <form
              method="dialog"
              onSubmit={(e) => {
                e.preventDefault();
                e.stopPropagation();
                setBusy(true);
                setError(null);
                onConfirm()
                  .then(() => setOpen(false))
                  .catch((err: unknown) =>
                    setError(err instanceof ApiError ? err : new ApiError(String(err), 'CLIENT')),
                  )
                  .finally(() => setBusy(false));
              }}
            >
              <h2 id={titleId}>{title}</h2>
              <div className="consequence">{consequence}</div>
              {children}
              {error ? <ErrorBox error={error} /> : null}
              <div className="actions">
                <button type="button" className="button" onClick={() => setOpen(false)}>
                  {t('studio.cancel')}
                </button>
                <button type="submit" className={confirmClassName} disabled={busy || !ready}>
                  {busy ? t('state.working') : confirmLabel}
                </button>
              </div>
            </form>
          ) : null}
        </dialog>,
        document.body,
      )}
    </>
  );
}
