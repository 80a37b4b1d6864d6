import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth-form";
import { currentUser } from "@/lib/auth";
import { safeRedirect } from "@/lib/auth/safe-redirect";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  // Anything but one path on this site becomes "/" (a repeated parameter arrives as an array).
  const callbackUrl = safeRedirect((await searchParams).callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  return <AuthForm mode="sign-in" callbackUrl={callbackUrl} />;
}
