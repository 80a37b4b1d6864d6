import { describe, expect, it } from "vitest";
import { calendarDay, periodOf } from "@/lib/generation/limits";

const NOW = new Date("2026-11-27T10:00:00Z");

describe("days and reporting periods", () => {
  it.each(["2026-02-30", "2026-13-45", "2026-11-31", "2026-1-1", "x", "", "2026-11-27T00:00"])("%j is no calendar day", (s) => {
    expect(calendarDay(s)).toBeNull();
  });

  it("a real day is its UTC midnight", () => {
    expect(calendarDay("2024-02-29")?.toISOString()).toBe("2024-02-29T00:00:00.000Z");
  });

  it.each([
    ["this month so far by default", undefined, undefined, "2026-11-01", "2026-11-27", false],
    ["both days inclusive", "2026-10-05", "2026-10-07", "2026-10-05", "2026-10-07", false],
    ["an impossible day is corrected", "2026-13-45", "2026-11-20", "2026-11-01", "2026-11-27", true],
    ["From after To is corrected", "2026-11-20", "2026-11-10", "2026-11-01", "2026-11-27", true],
  ])("%s", (_name, from, to, fromDay, toDay, corrected) => {
    const p = periodOf(from, to, NOW);
    expect(p).toMatchObject({ fromDay, toDay, corrected });
    expect(p.from.toISOString()).toBe(`${fromDay}T00:00:00.000Z`);
    expect(p.to.toISOString()).toBe(new Date(Date.parse(`${toDay}T00:00:00Z`) + 86_400_000).toISOString()); // the end of To
  });
});
