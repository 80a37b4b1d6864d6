// zod/mini, as for the generation form: these schemas ship to the browser with the sign-in form.
import * as z from "zod/mini";

const email = z.string().check(z.trim(), z.toLowerCase(), z.email("Enter a valid email address."));

export const credentialsSchema = z.object({
  email,
  password: z.string().check(z.minLength(1, "Enter your password."), z.maxLength(200, "Password is too long.")),
});

export const signUpSchema = z.object({
  name: z.optional(
    z.string().check(
      z.trim(),
      z.maxLength(80, "Name must be at most 80 characters."),
      // Postgres text cannot hold U+0000: refuse it by name instead of failing to store it.
      z.refine<string>((s) => !s.includes("\u0000"), "Name cannot contain a NUL character (U+0000)."),
    ),
  ),
  email,
  password: z.string().check(z.minLength(8, "Use at least 8 characters."), z.maxLength(200, "Password is too long (200 characters at most).")),
});

export type SignUpInput = z.infer<typeof signUpSchema>;
export type CredentialsInput = z.infer<typeof credentialsSchema>;
