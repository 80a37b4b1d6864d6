import { Film, FlaskConical, LogOut } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { signOutAction } from "@/lib/auth/actions";

export function SiteHeader({ email, emulator }: { email: string; emulator: boolean }) {
  return (
    <header className="sticky top-0 z-40 border-b bg-background/80 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-4 px-4">
        <Link href="/" className="flex items-center gap-2 font-semibold">
          <Film className="size-5 text-primary" /> Pixverse Studio
        </Link>
        <nav className="flex items-center gap-1 text-sm" aria-label="Main">
          <Link className="rounded-md px-3 py-1.5 hover:bg-accent" href="/">Create</Link>
          <Link className="rounded-md px-3 py-1.5 hover:bg-accent" href="/gallery" data-testid="nav-gallery">Gallery</Link>
          <Link className="rounded-md px-3 py-1.5 hover:bg-accent" href="/usage" data-testid="nav-usage">Usage</Link>
        </nav>
        {emulator ? (
          <Badge
            variant="warning"
            data-testid="emulator-badge"
            title="No SEGMIND_API_KEY is set, so a local emulator renders placeholder clips. Set the key to use the real Segmind."
          >
            <FlaskConical className="size-3" /> Emulator
          </Badge>
        ) : null}
        <div className="ml-auto flex items-center gap-2">
          <span className="hidden text-sm text-muted-foreground sm:inline" data-testid="user-email">{email}</span>
          <form action={signOutAction}>
            <Button variant="ghost" size="sm" type="submit" data-testid="sign-out">
              <LogOut /> Sign out
            </Button>
          </form>
        </div>
      </div>
    </header>
  );
}
