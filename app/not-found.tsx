import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 p-6 text-center" data-testid="not-found">
      <h1 className="text-2xl font-semibold">Nothing here</h1>
      <p className="max-w-sm text-sm text-muted-foreground">
        This page or video does not exist, was deleted, or its share link was revoked.
      </p>
      <Button asChild>
        <Link href="/">Go to the studio</Link>
      </Button>
    </main>
  );
}
