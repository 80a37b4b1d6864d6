"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Heart, Loader2, Search, Sparkles, X } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { GenerationCard } from "@/components/generation-card";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { apiFetch } from "@/lib/api/client";
import { ASPECT_RATIOS, QUALITIES, STYLES, STYLE_LABELS } from "@/lib/generation/options";
import { GENERATION_STATUSES, isFinal } from "@/lib/generation/status";
import type { GenerationDto } from "@/lib/generation/dto";
import type { GalleryFilters } from "@/lib/generation/gallery-query";

type Page = { items: GenerationDto[]; nextCursor: string | null };

const STATUS_LABEL = { QUEUED: "Queued", RUNNING: "Generating", SUCCEEDED: "Done", FAILED: "Failed", CANCELED: "Canceled" } as const;

function toQueryString(filters: GalleryFilters): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, String(v));
  return params.toString();
}

/** The gallery: filters held in the URL (so a view can be bookmarked), and an endless grid. */
export function GalleryView({ filters }: { filters: GalleryFilters }) {
  const router = useRouter();
  const pathname = usePathname();
  const [search, setSearch] = useState(filters.q ?? "");
  const setFilters = (patch: Partial<GalleryFilters>) => {
    const next = toQueryString({ ...filters, ...patch });
    router.replace(next ? `${pathname}?${next}` : pathname, { scroll: false });
  };

  // Search as the person types, a moment after they stop.
  useEffect(() => {
    const q = search.trim();
    if ((filters.q ?? "") === q) return;
    const t = setTimeout(() => setFilters({ q: q || undefined }), 300);
    return () => clearTimeout(t);
    // Only typing starts a search; the other filters apply at once through setFilters.
  }, [search]); // eslint-disable-line react-hooks/exhaustive-deps

  const query = useInfiniteQuery({
    queryKey: ["generations", filters],
    queryFn: ({ pageParam }) =>
      apiFetch<Page>(`/api/generations?${toQueryString({ ...filters })}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // While anything shown is still being made, keep it fresh so it turns into a video by itself.
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.items.some((g) => !isFinal(g.status))) ? 2000 : false),
  });

  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries[0]?.isIntersecting && query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
      },
      { rootMargin: "600px" },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [query]);

  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.values(filters).some(Boolean);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter your videos">
        <div className="relative min-w-56 flex-1">
          <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input
            type="search"
            aria-label="Search prompts"
            placeholder="Search prompts…"
            className="pl-9"
            value={search}
            data-testid="gallery-search"
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <NativeSelect aria-label="Status" value={filters.status ?? ""} onChange={(e) => setFilters({ status: (e.target.value || undefined) as GalleryFilters["status"] })}>
          <option value="">Any status</option>
          {GENERATION_STATUSES.map((s) => (
            <option key={s} value={s}>{STATUS_LABEL[s]}</option>
          ))}
        </NativeSelect>
        <NativeSelect aria-label="Quality" value={filters.quality ?? ""} onChange={(e) => setFilters({ quality: (e.target.value || undefined) as GalleryFilters["quality"] })}>
          <option value="">Any quality</option>
          {QUALITIES.map((q) => (
            <option key={q} value={q}>{q}</option>
          ))}
        </NativeSelect>
        <NativeSelect aria-label="Aspect ratio" value={filters.aspectRatio ?? ""} onChange={(e) => setFilters({ aspectRatio: (e.target.value || undefined) as GalleryFilters["aspectRatio"] })}>
          <option value="">Any ratio</option>
          {ASPECT_RATIOS.map((r) => (
            <option key={r} value={r}>{r}</option>
          ))}
        </NativeSelect>
        <NativeSelect aria-label="Style" value={filters.style ?? ""} onChange={(e) => setFilters({ style: (e.target.value || undefined) as GalleryFilters["style"] })}>
          <option value="">Any style</option>
          {STYLES.map((s) => (
            <option key={s} value={s}>{STYLE_LABELS[s]}</option>
          ))}
        </NativeSelect>
        <label className="flex flex-col text-xs text-muted-foreground">
          From
          <Input type="date" className="w-36" value={filters.from ?? ""} onChange={(e) => setFilters({ from: e.target.value || undefined })} />
        </label>
        <label className="flex flex-col text-xs text-muted-foreground">
          To
          <Input type="date" className="w-36" value={filters.to ?? ""} onChange={(e) => setFilters({ to: e.target.value || undefined })} />
        </label>
        <Button
          variant={filters.favorite ? "default" : "outline"}
          aria-pressed={Boolean(filters.favorite)}
          onClick={() => setFilters({ favorite: filters.favorite ? undefined : "true" })}
          data-testid="filter-favorites"
        >
          <Heart className={filters.favorite ? "fill-current" : ""} /> Favourites
        </Button>
        {filtered ? (
          <Button
            variant="ghost"
            onClick={() => {
              setSearch("");
              router.replace(pathname, { scroll: false });
            }}
          >
            <X /> Clear
          </Button>
        ) : null}
      </div>

      {query.isPending ? (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4" aria-busy="true" aria-label="Loading your videos">
          {Array.from({ length: 8 }, (_, i) => (
            <li key={i} className="aspect-video animate-pulse rounded-xl bg-muted" />
          ))}
        </ul>
      ) : query.isError ? (
        <div role="alert" className="rounded-lg border border-destructive/40 bg-destructive/10 p-4 text-sm">
          {query.error.message}{" "}
          <Button variant="link" onClick={() => void query.refetch()}>Try again</Button>
        </div>
      ) : items.length === 0 ? (
        filtered ? (
          <div className="py-16 text-center text-muted-foreground" data-testid="gallery-empty">
            No videos match these filters.
          </div>
        ) : (
          <div className="flex flex-col items-center gap-4 py-20 text-center" data-testid="gallery-empty">
            <Sparkles className="size-10 text-primary" />
            <div>
              <p className="font-medium">No videos yet</p>
              <p className="text-sm text-muted-foreground">Everything you generate appears here, newest first.</p>
            </div>
            <Button asChild>
              <Link href="/">Create your first video</Link>
            </Button>
          </div>
        )
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4" data-testid="gallery-grid" aria-label="Your videos">
          {items.map((g) => (
            <GenerationCard key={g.id} generation={g} />
          ))}
        </ul>
      )}
      <div ref={sentinel} aria-hidden />
      {query.isFetchingNextPage ? (
        <div className="flex justify-center py-4 text-sm text-muted-foreground">
          <Loader2 className="mr-2 size-4 animate-spin" /> Loading more…
        </div>
      ) : null}
    </div>
  );
}
