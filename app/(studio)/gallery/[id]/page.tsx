import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { GenerationDetail } from "@/components/generation-detail";
import { currentUser } from "@/lib/auth";
import { toGenerationDto } from "@/lib/data/dto";
import { getGenerationForUser } from "@/lib/data/generations";
import { expectedSeconds } from "@/lib/expected-seconds";

export const metadata: Metadata = { title: "Video" };

export default async function GenerationPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ id }, user] = await Promise.all([params, currentUser()]);
  const generation = user ? await getGenerationForUser(id, user.id) : null;
  if (!generation) notFound();
  return <GenerationDetail initial={toGenerationDto(generation, { operator: user?.role === "ADMIN" })} expectedSeconds={expectedSeconds()} />;
}
