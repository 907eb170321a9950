import { useId, useState } from 'react';
import { ApiError } from '../api/client';
import { useI18n } from '../lib/i18n';
import { putFile } from '../lib/upload';
import { ErrorBox } from './states';
import './studio.css';

interface Props {
  /** REST path of the PUT, e.g. `/api/datasets/:id/file`. */
  path: string;
  /** The file input's label ("Dataset file", "Consent manifest"). */
  inputLabel: string;
  /** The button's label ("Upload", "Attach consent"). */
  buttonLabel: string;
  progressLabel: string;
  accept?: string;
  disabled?: boolean;
  onDone: () => void;
}

/** Choose a file and PUT it as the raw body, with a progress bar from XHR upload events. */
export function UploadPanel({ path, inputLabel, buttonLabel, progressLabel, accept, disabled, onDone }: Props) {
  const { t } = useI18n();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const busy = progress !== null && progress < 1 && !error && !done;

  function start() {
    if (!file) return;
    setError(null);
    setDone(null);
    setProgress(0);
    putFile<Record<string, unknown>>(path, file, setProgress)
      .then(() => {
        setDone(t('studio.uploaded', { name: file.name }));
        onDone();
      })
      .catch((e: unknown) => {
        setProgress(null);
        setError(e instanceof ApiError ? e : new ApiError(String(e), 'CLIENT'));
      });
  }

  return (
    <div>
      <div className="upload-row">
        <div className="field">
          <label htmlFor={inputId}>{inputLabel}</label>
          <input
            id={inputId}
            type="file"
            accept={accept}
            disabled={disabled || busy}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setDone(null);
              setProgress(null);
            }}
          />
        </div>
        <button type="button" className="button button-primary" disabled={disabled || busy || !file} onClick={start}>
          {buttonLabel}
        </button>
      </div>
      {progress !== null ? (
        <div className="progress-line">
          <progress max={1} value={progress} aria-label={progressLabel} aria-valuetext={`${Math.round(progress * 100)}%`} />
          <span>{Math.round(progress * 100)}%</span>
          {file ? <span className="muted">{t('studio.bytes', { n: file.size.toLocaleString() })}</span> : null}
        </div>
      ) : null}
      {done ? (
        <p className="flash" role="status">
          {done}
        </p>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
    </div>
  );
}
