import { Film } from "lucide-react";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-[radial-gradient(ellipse_at_top,hsl(var(--primary)/0.18),transparent_60%)] p-4">
      <div className="w-full max-w-sm space-y-6">
        <div className="flex flex-col items-center gap-2 text-center">
          <Film className="size-8 text-primary" />
          <h1 className="text-xl font-semibold">Pixverse Studio</h1>
          <p className="text-sm text-muted-foreground">Text to video, with every setting explained.</p>
        </div>
        <div className="rounded-xl border bg-card p-6 shadow-sm">{children}</div>
      </div>
    </main>
  );
}
