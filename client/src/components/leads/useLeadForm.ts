import { type FormEvent, useState } from 'react';

type Checked<B> = { ok: true; body: B } | { ok: false; error: string };

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The submit flow the leads' forms share: check the fields, send and close; a check
 * that fails or the server's refusal shows as `error` beside the form.
 */
export function useLeadForm<B>(submit: (body: B) => Promise<void>, onClose: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const handle = (check: () => Checked<B>) => async (e: FormEvent) => {
    e.preventDefault();
    const checked = check();
    if (!checked.ok) return setError(checked.error);
    setBusy(true);
    setError(null);
    try {
      await submit(checked.body);
      onClose();
    } catch (err) {
      setError(message(err));
      setBusy(false);
    }
  };
  return { busy, error, handle };
}
