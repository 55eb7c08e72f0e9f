import { useState } from 'react';
import { type RequestError, asRequestError } from '../../api/request';
import { type Checked, errorsByField, problemsOf } from '../../model/settingsErrors';
import type { SaveState } from './SectionStatus';

/**
 * A settings section's save: checked here first (nothing is sent while a field is wrong), then sent; what the
 * server refuses is named beside its field. Holds the section's field errors and save state.
 */
export function useCheckedSave() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [state, setState] = useState<SaveState>({ kind: 'idle' });

  async function save<V, S>(o: {
    check: Checked<V>;
    put: (value: V) => Promise<S>;
    /** Takes in what the server saved; returns the line that says so. */
    saved: (saved: S) => string;
    /** Shown while a field is wrong. */
    invalid?: string;
    /** The server's refusal by field (default: the fields it names, by their paths). */
    fieldErrors?: (err: RequestError) => Record<string, string>;
  }): Promise<void> {
    if (!o.check.ok) {
      setErrors(o.check.errors);
      setState({ kind: 'error', message: o.invalid ?? 'Not saved: fix the fields marked.' });
      return;
    }
    setState({ kind: 'saving' });
    try {
      const saved = await o.put(o.check.value);
      setErrors({});
      setState({ kind: 'saved', message: o.saved(saved) });
    } catch (err) {
      const re = asRequestError(err);
      setErrors(o.fieldErrors ? o.fieldErrors(re) : errorsByField(problemsOf(re)));
      setState({ kind: 'error', message: `Not saved: ${re.message}` });
    }
  }

  return { errors, setErrors, state, setState, save };
}
