"use client";
import type { GenerationDto } from "@/lib/generation/dto";

export function VideoPlayer({ video, autoPlay = true }: { video: NonNullable<GenerationDto["video"]>; autoPlay?: boolean }) {
  return (
    <div className="overflow-hidden rounded-lg border bg-black">
      <video
        key={video.url}
        data-testid="result-video"
        src={video.url}
        poster={video.posterUrl}
        controls
        autoPlay={autoPlay}
        muted
        loop
        playsInline
        preload="metadata"
        className="mx-auto max-h-[70vh] w-full object-contain"
        style={{ aspectRatio: `${video.width} / ${video.height}` }}
      />
    </div>
  );
}
