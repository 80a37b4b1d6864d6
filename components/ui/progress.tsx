import * as React from "react";
import { cn } from "@/lib/utils";

/** A determinate progress bar (0–100): a div with the progressbar role, no script needed. */
export function Progress({ className, value, ...props }: Omit<React.ComponentProps<"div">, "children"> & { value: number }) {
  const clamped = Math.max(0, Math.min(100, value));
  return (
    <div
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(clamped)}
      className={cn("relative h-2 w-full overflow-hidden rounded-full bg-secondary", className)}
      {...props}
    >
      <div className="h-full w-full flex-1 bg-primary transition-transform duration-700 ease-linear" style={{ transform: `translateX(-${100 - clamped}%)` }} />
    </div>
  );
}
