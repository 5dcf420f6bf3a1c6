interface SegmentedProps<T extends string> {
  label: string;
  value: T;
  options: readonly (readonly [T, string])[];
  onPick: (value: T) => void;
}

/** A row of toggle buttons: one click picks a value. */
export function Segmented<T extends string>({ label, value, options, onPick }: SegmentedProps<T>) {
  return (
    <div className="segmented" role="group" aria-label={label}>
      <span className="segmented-label" aria-hidden="true">
        {label}
      </span>
      {options.map(([option, text]) => (
        <button
          key={option}
          type="button"
          aria-pressed={option === value}
          onClick={() => {
            onPick(option);
          }}
        >
          {text}
        </button>
      ))}
    </div>
  );
}
