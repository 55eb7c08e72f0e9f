/** A section's last save: in progress, done (and when), or the server's message. */
export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; message: string }
  | { kind: 'error'; message: string };

export function SectionStatus({ state, testId }: { state: SaveState; testId: string }) {
  if (state.kind === 'idle') return <span data-testid={testId} />;
  if (state.kind === 'saving') return <span className="status dim" data-testid={testId}>Saving…</span>;
  if (state.kind === 'saved') return <span className="status status-ok" data-testid={testId} role="status">✓ {state.message}</span>;
  return <span className="status status-error" data-testid={testId} role="alert">▲ {state.message}</span>;
}

/** An error beside the field it names (rendered empty when there is none, so rows keep their height). */
export function FieldError({ message, testId }: { message: string | undefined; testId: string }) {
  return message ? <span className="field-error" role="alert" data-testid={testId}>{message}</span> : null;
}

/** Below a list editor (`list`: receivers, connectors): save the whole list, add a row, the last save's state. */
export function ListActions({ list, noun, canSave, state, onSave, onAdd }: {
  list: string; noun: string; canSave: boolean; state: SaveState; onSave: () => void; onAdd: () => void;
}) {
  return (
    <div className="actions">
      <button type="button" onClick={onSave} disabled={!canSave || state.kind === 'saving'} data-testid={`save-${list}`}>Save {list}</button>
      <button type="button" className="secondary" onClick={onAdd}>Add a {noun}</button>
      <SectionStatus state={state} testId={`${list}-status`} />
    </div>
  );
}
