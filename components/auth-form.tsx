"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import Link from "next/link";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { signInAction, signUpAction, type AuthActionResult } from "@/lib/auth/actions";
import { credentialsSchema, signUpSchema } from "@/lib/auth/schema";

type Values = { name?: string; email: string; password: string };

export function AuthForm({ mode, callbackUrl }: { mode: "sign-in" | "sign-up"; callbackUrl?: string }) {
  const signingUp = mode === "sign-up";
  const form = useForm<Values>({
    resolver: zodResolver(signingUp ? signUpSchema : credentialsSchema),
    defaultValues: { email: "", password: "", ...(signingUp ? { name: "" } : {}) },
  });
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit((values) => {
    setMessage(null);
    startTransition(async () => {
      const result: AuthActionResult = signingUp
        ? await signUpAction(values)
        : await signInAction({ ...values, callbackUrl });
      if (!result) return;
      setMessage(result.error);
      for (const [field, msgs] of Object.entries(result.fields ?? {})) {
        if (msgs?.length) form.setError(field as keyof Values, { message: msgs.join(" ") });
      }
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid={`${mode}-form`}>
      {signingUp ? (
        <div className="space-y-2">
          <Label htmlFor="name">Name <span className="text-muted-foreground">(optional)</span></Label>
          <Input id="name" autoComplete="name" {...form.register("name")} />
        </div>
      ) : null}
      <div className="space-y-2">
        <Label htmlFor="email">Email</Label>
        <Input id="email" type="email" autoComplete="email" aria-invalid={Boolean(errors.email)} data-testid="email" {...form.register("email")} />
        {errors.email ? <p role="alert" className="text-xs text-destructive">{errors.email.message}</p> : null}
      </div>
      <div className="space-y-2">
        <Label htmlFor="password">Password</Label>
        <Input
          id="password"
          type="password"
          autoComplete={signingUp ? "new-password" : "current-password"}
          aria-invalid={Boolean(errors.password)}
          data-testid="password"
          {...form.register("password")}
        />
        {errors.password ? (
          <p role="alert" className="text-xs text-destructive">{errors.password.message}</p>
        ) : signingUp ? (
          <p className="text-xs text-muted-foreground">At least 8 characters and hard to guess: a few uncommon words work well.</p>
        ) : null}
      </div>
      {message ? (
        <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 p-3 text-sm" data-testid="auth-error">
          {message}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending} data-testid="auth-submit">
        {pending ? <Loader2 className="animate-spin" /> : null}
        {signingUp ? "Create account" : "Sign in"}
      </Button>
      <p className="text-center text-sm text-muted-foreground">
        {signingUp ? (
          <>Already have an account? <Link className="text-primary underline-offset-4 hover:underline" href="/sign-in">Sign in</Link></>
        ) : (
          <>New here? <Link className="text-primary underline-offset-4 hover:underline" href="/sign-up" data-testid="to-sign-up">Create an account</Link></>
        )}
      </p>
    </form>
  );
}
