import { Film } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { VideoPlayer } from "@/components/video-player";
import { Badge } from "@/components/ui/badge";
import { toSharedDto } from "@/lib/data/dto";
import { getGenerationByShareSlug } from "@/lib/data/generations";
import { STYLE_LABELS } from "@/lib/generation/options";
import { publicOrigin } from "@/lib/origin";
import { unsignedMediaUrl } from "@/lib/media/signed-url";

// A public page: anyone with the link sees the clip and its settings, and nothing about its owner.
const load = cache(async (slug: string) => {
  const g = await getGenerationByShareSlug(slug);
  return g ? toSharedDto(g, slug) : null;
});

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const shared = await load(slug);
  if (!shared) return { title: "Not found", robots: { index: false } };
  const origin = await publicOrigin();
  const title = shared.prompt.length > 70 ? `${shared.prompt.slice(0, 69)}…` : shared.prompt;
  const description = `A ${shared.duration} s ${shared.quality} video made with Pixverse Studio.`;
  // Unsigned: scrapers keep these, and a revoked share must stop them.
  const video = { url: origin + unsignedMediaUrl(shared.video.url), width: shared.video.width, height: shared.video.height, type: "video/mp4" };
  const image = { url: origin + unsignedMediaUrl(shared.video.posterUrl), width: shared.video.width, height: shared.video.height, alt: shared.prompt };
  return {
    title,
    description,
    robots: { index: false },
    openGraph: { type: "video.other", title, description, url: `${origin}/v/${slug}`, videos: [video], images: [image] },
    twitter: { card: "player", title, description, images: [image.url], players: [{ playerUrl: video.url, streamUrl: video.url, width: video.width, height: video.height }] },
  };
}

export default async function SharedVideoPage({ params }: Props) {
  const { slug } = await params;
  const shared = await load(slug);
  if (!shared) notFound();
  return (
    <main className="mx-auto max-w-4xl space-y-5 px-4 py-8">
      <Link href="/" className="flex items-center gap-2 text-sm font-semibold">
        <Film className="size-5 text-primary" /> Pixverse Studio
      </Link>
      <VideoPlayer video={shared.video} />
      <p className="text-lg" data-testid="shared-prompt">{shared.prompt}</p>
      <div className="flex flex-wrap gap-2">
        <Badge variant="outline">{shared.aspectRatio}</Badge>
        <Badge variant="outline">{shared.quality}</Badge>
        <Badge variant="outline">{shared.duration} s</Badge>
        <Badge variant="outline">{shared.motionMode} motion</Badge>
        {shared.style ? <Badge variant="outline">{STYLE_LABELS[shared.style]}</Badge> : null}
        <Badge variant="outline">seed {shared.seed}</Badge>
      </div>
    </main>
  );
}
