import type { Metadata } from "next";
import { GalleryView } from "@/components/gallery/gallery-view";
import { galleryQuerySchema, searchParamsToObject } from "@/lib/generation/gallery-query";

export const metadata: Metadata = { title: "Gallery" };

export default async function GalleryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Filters the URL got wrong are dropped rather than failing the page.
  const raw = searchParamsToObject(await searchParams);
  const parsed = galleryQuerySchema.safeParse(raw);
  const { cursor: _c, limit: _l, ...filters } = parsed.success ? parsed.data : galleryQuerySchema.parse({});
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Your videos</h1>
        <p className="text-sm text-muted-foreground">Hover or focus a card to preview it; open it to watch, download, share or remix.</p>
      </div>
      <GalleryView filters={filters} />
    </div>
  );
}
