import { useState } from 'react';
import { asRequestError } from '../../api/request';
import { clockTime } from '../../model/format';
import { errorsByField, problemsOf } from '../../model/settingsErrors';
import type { SaveState } from './SectionStatus';

export type ListCheck<V> = { ok: true; value: V } | { ok: false; errors: Record<string, string> };

/**
 * A list edited as drafts and saved whole (receivers, connectors): each draft's fields, the problems by the
 * server's paths (`<list>[i].field`), and the save: checked here first, then sent; what the server refuses is
 * named beside its field.
 */
export function useListEditor<D, S, V>(o: {
  list: string; noun: string; initial: D[];
  check: (drafts: D[]) => ListCheck<V>;
  put: (value: V) => Promise<S[]>;
  toDrafts: (saved: S[]) => D[];
  onSaved?: (saved: S[]) => void;
}) {
  const [drafts, setDrafts] = useState<D[]>(o.initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [state, setState] = useState<SaveState>({ kind: 'idle' });

  const edit = (i: number, patch: Partial<D>) => {
    setDrafts((ds) => ds.map((d, k) => (k === i ? { ...d, ...patch } : d)));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith(`${o.list}[${i}]`))));
  };

  const save = async () => {
    const check = o.check(drafts);
    if (!check.ok) {
      setErrors(check.errors);
      setState({ kind: 'error', message: 'Not saved: fix the fields marked.' });
      return;
    }
    setState({ kind: 'saving' });
    try {
      const saved = await o.put(check.value);
      setDrafts(o.toDrafts(saved));
      setErrors({});
      o.onSaved?.(saved);
      setState({ kind: 'saved', message: `Saved ${saved.length} ${o.noun}${saved.length === 1 ? '' : 's'} at ${clockTime(Date.now())}.` });
    } catch (err) {
      const re = asRequestError(err);
      setErrors(errorsByField(problemsOf(re)));
      setState({ kind: 'error', message: `Not saved: ${re.message}` });
    }
  };

  return { drafts, setDrafts, errors, state, edit, save };
}
