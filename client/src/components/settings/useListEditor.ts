import { useState } from 'react';
import { clockTime } from '../../model/format';
import type { Checked } from '../../model/settingsErrors';
import { useCheckedSave } from './useCheckedSave';

/**
 * A list edited as drafts and saved whole (receivers, connectors): each draft's fields, the problems by the
 * server's paths (`<list>[i].field`), and the save: checked here first, then sent; what the server refuses is
 * named beside its field.
 */
export function useListEditor<D, S, V>(o: {
  list: string; noun: string; initial: D[];
  check: (drafts: D[]) => Checked<V>;
  put: (value: V) => Promise<S[]>;
  toDrafts: (saved: S[]) => D[];
  onSaved?: (saved: S[]) => void;
}) {
  const [drafts, setDrafts] = useState<D[]>(o.initial);
  const checked = useCheckedSave();
  const { errors, setErrors, state } = checked;

  const edit = (i: number, patch: Partial<D>) => {
    setDrafts((ds) => ds.map((d, k) => (k === i ? { ...d, ...patch } : d)));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith(`${o.list}[${i}]`))));
  };

  const save = () => checked.save({
    check: o.check(drafts),
    put: o.put,
    saved: (saved) => {
      setDrafts(o.toDrafts(saved));
      o.onSaved?.(saved);
      return `Saved ${saved.length} ${o.noun}${saved.length === 1 ? '' : 's'} at ${clockTime(Date.now())}.`;
    },
  });

  return { drafts, setDrafts, errors, state, edit, save };
}
