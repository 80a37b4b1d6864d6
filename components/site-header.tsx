import { Film, FlaskConical, LogOut } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { signOutAction, signOutEverywhereAction } from "@/lib/auth/actions";

export function SiteHeader({ email, emulator }: { email: string; emulator: boolean }) {
  return (
    <header className="sticky top-0 z-40 border-b bg-background/80 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-2 px-4 sm:gap-4">
        <Link href="/" className="flex items-center gap-2 font-semibold" aria-label="Pixverse Studio">
          <Film className="size-5 text-primary" /> <span className="hidden md:inline">Pixverse Studio</span>
        </Link>
        <nav className="flex items-center text-sm sm:gap-1" aria-label="Main">
          <Link className="rounded-md px-2 py-1.5 hover:bg-accent sm:px-3" href="/">Create</Link>
          <Link className="rounded-md px-2 py-1.5 hover:bg-accent sm:px-3" href="/gallery" data-testid="nav-gallery">Gallery</Link>
          <Link className="rounded-md px-2 py-1.5 hover:bg-accent sm:px-3" href="/usage" data-testid="nav-usage">Usage</Link>
        </nav>
        {emulator ? (
          <Badge
            variant="warning"
            data-testid="emulator-badge"
            title="No SEGMIND_API_KEY is set, so a local emulator renders placeholder clips. Set the key to use the real Segmind."
          >
            <FlaskConical className="size-3" /> <span className="hidden sm:inline">Emulator</span>
          </Badge>
        ) : null}
        <div className="ml-auto flex items-center gap-2">
          <span className="hidden text-sm text-muted-foreground lg:inline" data-testid="user-email">{email}</span>
          <form action={signOutEverywhereAction} className="hidden sm:block">
            <Button variant="ghost" size="sm" type="submit" data-testid="sign-out-everywhere" title="End every session of this account, in every browser">
              Sign out everywhere
            </Button>
          </form>
          <form action={signOutAction}>
            <Button variant="ghost" size="sm" type="submit" data-testid="sign-out" aria-label="Sign out">
              <LogOut /> <span className="hidden sm:inline">Sign out</span>
            </Button>
          </form>
        </div>
      </div>
    </header>
  );
}
