import { useState } from 'react';
import type { Rule } from '@shared/alerts';
import type { Targets } from '@shared/targets';
import { asRequestError } from '../../api/request';
import { putRules } from '../../api/settingsApi';
import { clockTime } from '../../model/format';
import {
  type RuleDraft, checkRuleDrafts, draftId, followTargetDraft, newRuleDraft, ruleDescription, ruleDrafts, ruleFollowsTarget, ruleSummary,
} from '../../model/rulesForm';
import { errorsByIndex, problemsOf } from '../../model/settingsErrors';
import { type SaveState, SectionStatus } from './SectionStatus';

/**
 * The alert rules, one JSON editor each (the schema is in shared/alerts.ts; the summary line reads it back).
 * Checked before sending; what only the server knows comes back as `rules[i].field` and shows beside rule i.
 * A rule that follows its target says so, with the target it reads now (`targets`, as last loaded or saved).
 */
export function RulesSection({ token, rules, targets, canSave }: { token: string; rules: Rule[]; targets: Targets; canSave: boolean }) {
  const [drafts, setDrafts] = useState<RuleDraft[]>(() => ruleDrafts(rules));
  const [errors, setErrors] = useState<Map<number, string>>(new Map());
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [state, setState] = useState<SaveState>({ kind: 'idle' });

  const edit = (i: number, text: string) => {
    setDrafts((ds) => ds.map((d, k) => (k === i ? { ...d, text } : d)));
    setErrors((e) => { const n = new Map(e); n.delete(i); return n; });
  };
  const showErrors = (e: Map<number, string>) => {
    setErrors(e);
    // A rule with a problem opens, so its text is right there to fix.
    setOpen((o) => new Set([...o, ...[...e.keys()].map((i) => drafts[i]?.key).filter((k): k is string => Boolean(k))]));
  };
  const toggle = (key: string) => setOpen((o) => { const n = new Set(o); if (n.has(key)) n.delete(key); else n.add(key); return n; });

  const save = async () => {
    const check = checkRuleDrafts(drafts);
    if (!check.ok) {
      showErrors(check.errors);
      setState({ kind: 'error', message: `Not saved: ${check.errors.size} rule${check.errors.size === 1 ? '' : 's'} to fix.` });
      return;
    }
    setState({ kind: 'saving' });
    try {
      const saved = await putRules(token, check.rules);
      setDrafts(ruleDrafts(saved));
      setErrors(new Map());
      setOpen(new Set());
      setState({ kind: 'saved', message: `Saved ${saved.length} rules at ${clockTime(Date.now())}; the evaluator uses them from its next round.` });
    } catch (err) {
      const re = asRequestError(err);
      const byIndex = errorsByIndex(problemsOf(re), 'rules');
      showErrors(new Map([...byIndex].map(([i, ps]) => [i, ps.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ')])));
      setState({ kind: 'error', message: `Not saved: ${re.message}` });
    }
  };

  const add = () => {
    const d = newRuleDraft(drafts.map((x) => draftId(x.text) ?? ''));
    setDrafts((ds) => [...ds, d]);
    setOpen((o) => new Set([...o, d.key]));
  };
  const remove = (i: number) => {
    setDrafts((ds) => ds.filter((_, k) => k !== i));
    setErrors(new Map());
  };

  return (
    <section className="panel settings-section" id="rules" aria-labelledby="rules-h">
      <h2 id="rules-h" className="panel-title">Alert rules</h2>
      <p className="section-help">
        One rule per box, as JSON: <code>metric</code>, <code>channel</code> (or <code>*</code>, <code>total</code>), <code>window</code> for
        windowed metrics, <code>op</code>, <code>threshold</code> (fractions 0-1, seconds, or <code>"target"</code> to follow the metric's target), <code>for</code>, <code>clear</code>, <code>severity</code>, <code>routes</code>.
      </p>
      <ol className="rules" data-testid="rules">
        {drafts.map((d, i) => {
          const error = errors.get(i);
          const follows = ruleFollowsTarget(d.text, targets);
          const followed = follows ? null : followTargetDraft(d.text);
          return (
            <li key={d.key} className={`rule${error ? ' rule-bad' : ''}`} data-testid={`rule-${i}`}>
              <div className="rule-head">
                <button type="button" className="rule-toggle secondary" onClick={() => toggle(d.key)} aria-expanded={open.has(d.key)}>
                  {open.has(d.key) ? '▾' : '▸'} <span className="rule-n">{i + 1}</span> <span className="rule-summary num">{ruleSummary(d.text)}</span>
                  {ruleDescription(d.text) ? <span className="rule-description"> — {ruleDescription(d.text)}</span> : null}
                  {follows ? <span className="rule-follows" data-testid={`rule-${i}-follows`}> · {follows}</span> : null}
                </button>
                {followed ? (
                  <button type="button" className="secondary" onClick={() => edit(i, followed)} data-testid={`rule-${i}-follow`}>Follow target</button>
                ) : null}
                <button type="button" className="danger" onClick={() => remove(i)} aria-label={`Remove rule ${i + 1}`}>Remove</button>
              </div>
              {error ? <div className="field-error" role="alert" data-testid={`rule-${i}-error`}>{error}</div> : null}
              {open.has(d.key) ? (
                <textarea
                  className="rule-json" spellCheck={false} value={d.text} aria-invalid={Boolean(error)} aria-label={`Rule ${i + 1} as JSON`}
                  rows={Math.min(20, d.text.split('\n').length + 1)} onChange={(e) => edit(i, e.target.value)} data-testid={`rule-${i}-json`}
                />
              ) : null}
            </li>
          );
        })}
      </ol>
      <div className="actions">
        <button type="button" onClick={() => void save()} disabled={!canSave || state.kind === 'saving'} data-testid="save-rules">Save rules</button>
        <button type="button" className="secondary" onClick={add}>Add a rule</button>
        <SectionStatus state={state} testId="rules-status" />
      </div>
    </section>
  );
}
