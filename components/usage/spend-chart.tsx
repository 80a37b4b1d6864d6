"use client";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatUsd } from "@/lib/generation/price";

/** Spend per day of the month, every day shown (zero days included) so gaps read as gaps. */
export function SpendChart({ days }: { days: { day: string; micros: number; count: number }[] }) {
  const data = days.map((d) => ({ ...d, label: d.day.slice(8), usd: d.micros / 1_000_000 }));
  return (
    <div className="h-64 w-full" data-testid="spend-chart" role="img" aria-label="Spend per day this month">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="hsl(var(--border))" />
          <XAxis dataKey="label" tickLine={false} axisLine={false} fontSize={12} stroke="hsl(var(--muted-foreground))" />
          <YAxis tickFormatter={(v: number) => `$${v}`} tickLine={false} axisLine={false} fontSize={12} width={48} stroke="hsl(var(--muted-foreground))" />
          <Tooltip
            cursor={{ fill: "hsl(var(--muted))" }}
            contentStyle={{ background: "hsl(var(--card))", border: "1px solid hsl(var(--border))", borderRadius: 8 }}
            formatter={(_v, _n, item) => [`${formatUsd((item.payload as { micros: number }).micros)} · ${(item.payload as { count: number }).count} videos`, "Spent"]}
            labelFormatter={(_l, payload) => (payload[0]?.payload as { day?: string } | undefined)?.day ?? ""}
          />
          <Bar dataKey="usd" fill="hsl(var(--primary))" radius={[4, 4, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
