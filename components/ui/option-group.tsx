"use client";
import * as RadioGroup from "@radix-ui/react-radio-group";
import * as React from "react";
import { cn } from "@/lib/utils";

export type Option<T extends string> = {
  value: T;
  label: React.ReactNode;
  hint?: React.ReactNode;
  /** When set, the option is greyed out and this says why. */
  disabledReason?: string;
};

/**
 * A segmented single choice (a radio group underneath: arrow keys move, one tab stop).
 * Disabled options stay visible, and the reasons they are disabled are listed under the group.
 */
export function OptionGroup<T extends string>({
  id,
  label,
  value,
  onChange,
  options,
  columns,
  testId,
}: {
  id: string;
  label: string;
  value: T;
  onChange: (value: T) => void;
  options: Option<T>[];
  columns?: number;
  testId?: string;
}) {
  const reasons = [...new Set(options.flatMap((o) => (o.disabledReason ? [o.disabledReason] : [])))];
  const reasonId = `${id}-reasons`;
  return (
    <div className="space-y-2" data-testid={testId}>
      <div id={`${id}-label`} className="text-sm font-medium">
        {label}
      </div>
      <RadioGroup.Root
        aria-labelledby={`${id}-label`}
        aria-describedby={reasons.length ? reasonId : undefined}
        value={value}
        onValueChange={(v) => onChange(v as T)}
        className="grid gap-1.5"
        style={{ gridTemplateColumns: `repeat(${columns ?? options.length}, minmax(0, 1fr))` }}
      >
        {options.map((o) => (
          <RadioGroup.Item
            key={o.value}
            value={o.value}
            disabled={Boolean(o.disabledReason)}
            title={o.disabledReason}
            data-testid={testId ? `${testId}-${o.value}` : undefined}
            className={cn(
              "group flex min-h-10 flex-col items-center justify-center rounded-md border border-input px-2 py-1.5 text-sm transition-colors",
              "hover:bg-accent hover:text-accent-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
              "data-[state=checked]:border-primary data-[state=checked]:bg-primary/10 data-[state=checked]:text-foreground data-[state=checked]:ring-1 data-[state=checked]:ring-primary",
              "data-[disabled]:cursor-not-allowed data-[disabled]:border-dashed data-[disabled]:opacity-40 data-[disabled]:hover:bg-transparent",
            )}
          >
            <span className="font-medium">{o.label}</span>
            {o.hint ? <span className="text-[11px] text-muted-foreground">{o.hint}</span> : null}
          </RadioGroup.Item>
        ))}
      </RadioGroup.Root>
      {reasons.length ? (
        <ul id={reasonId} className="space-y-0.5 text-xs text-muted-foreground" data-testid={testId ? `${testId}-reasons` : undefined}>
          {reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
