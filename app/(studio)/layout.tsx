import { redirect } from "next/navigation";
import { SiteHeader } from "@/components/site-header";
import { currentUser } from "@/lib/auth";
import { usingEmulator } from "@/lib/segmind/config";

export default async function StudioLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return (
    <>
      <SiteHeader email={user.email} emulator={usingEmulator()} />
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </>
  );
}
