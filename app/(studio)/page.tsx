import { CreateStudio } from "@/components/create-studio";
import { currentUser } from "@/lib/auth";
import { paramsOfRow } from "@/lib/generation/params";
import { getGenerationForUser } from "@/lib/data/generations";
import { expectedSeconds } from "@/lib/expected-seconds";
import type { GenerationParamsInput } from "@/lib/generation";

export const dynamic = "force-dynamic";

export default async function CreatePage({ searchParams }: { searchParams: Promise<{ remix?: string }> }) {
  const { remix } = await searchParams;
  let initialValues: Partial<GenerationParamsInput> | undefined;
  if (remix) {
    // Remix: every setting of one of the user's own generations, the seed included.
    const user = await currentUser();
    const source = user ? await getGenerationForUser(remix, user.id) : null;
    if (source) initialValues = paramsOfRow(source);
  }
  return <CreateStudio key={remix ?? "new"} expectedSeconds={expectedSeconds()} initialValues={initialValues} remixed={Boolean(initialValues)} />;
}
