import { describe, expect, it } from "vitest";
import { passwordWeakness } from "@/lib/auth/password-strength";

describe("passwordWeakness", () => {
  // [password, words the field message must contain]
  const weak: [string, RegExp][] = [
    ["12345678", /ten most used passwords/],
    ["password1", /commonly used password/],
    ["qwertyuiop", /hundred most used passwords/],
    ["iloveyou2", /commonly used password/],
    ["1q2w3e4r5t", /commonly used password/],
    ["abcdefgh", /sequences/i],
    ["aaaaaaaaaaaa", /repeated/i],
    ["P@ssw0rd123", /similar to a commonly used password/],
    ["Summer2025", /similar to a commonly used password/],
    ["xk2p9qwe", /Too easy to guess/],
  ];
  it.each(weak)("%s is refused, saying why", (password, why) => {
    const message = passwordWeakness(password);
    expect(message).toMatch(why);
    // …and what to do instead.
    expect(message).toMatch(/Add a few words that are less common\./);
  });

  it("counts the person's own email and name against the password", () => {
    expect(passwordWeakness("Margarethe1987", [])).toBeNull();
    expect(passwordWeakness("Margarethe1987", ["margarethe.k@example.test", "Margarethe"])).toMatch(/your name or email/);
  });

  const strong = ["demo-studio-2026", "correct-horse-battery", "velvet tundra ankle bistro", "k9#Vq2!mZr7w"];
  it.each(strong)("%s is accepted", (password) => {
    expect(passwordWeakness(password)).toBeNull();
  });
});
