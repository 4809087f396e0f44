/** A labelled one-line input of the side panels; `field-<testId>` for the browser tests. */
export function TextField(props: { label: string; value: string; onChange: (v: string) => void; testId: string; placeholder?: string; type?: string }) {
  return (
    <label className="lt-field">
      <span>{props.label}</span>
      <input type={props.type ?? 'text'} value={props.value} placeholder={props.placeholder ?? ''} data-testid={`field-${props.testId}`} aria-label={props.label}
        onChange={(e) => props.onChange(e.target.value)} />
    </label>
  );
}
