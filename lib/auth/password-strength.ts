import "server-only";
import { ZxcvbnFactory, type ZxcvbnResult } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

// The strength estimator runs on the server only (the sign-up action loads this module when it
// first needs it): its dictionaries are about 1 MB, too much for the browser bundle.

/** zxcvbn's score (0–4) a new password needs: 3 is "safely unguessable" against an online attack. */
export const MIN_PASSWORD_SCORE = 3;

// zxcvbn answers keys; these are its English texts (language-en), so no second package is needed.
const translations = {
  warnings: {
    straightRow: "Straight rows of keys on a keyboard are easy to guess.",
    keyPattern: "Short keyboard patterns are easy to guess.",
    simpleRepeat: 'Repeated characters like "aaa" are easy to guess.',
    extendedRepeat: 'Repeated patterns like "abcabcabc" are easy to guess.',
    sequences: 'Common sequences like "abc" or "1234" are easy to guess.',
    recentYears: "Recent years are easy to guess.",
    dates: "Dates are easy to guess.",
    topTen: "This is one of the ten most used passwords.",
    topHundred: "This is one of the hundred most used passwords.",
    common: "This is a commonly used password.",
    similarToCommon: "This is similar to a commonly used password.",
    wordByItself: "Single words are easy to guess.",
    namesByThemselves: "Single names or surnames are easy to guess.",
    commonNames: "Common names and surnames are easy to guess.",
    userInputs: "It should not contain your name or email.",
    pwned: "This password appeared in a data breach.",
  },
  suggestions: {
    l33t: "Avoid predictable substitutions like '@' for 'a'.",
    reverseWords: "Avoid reversed spellings of common words.",
    allUppercase: "Capitalise some, but not all, letters.",
    capitalization: "Capitalise more than the first letter.",
    dates: "Avoid dates and years that are associated with you.",
    recentYears: "Avoid recent years.",
    associatedYears: "Avoid years that are associated with you.",
    sequences: "Avoid common character sequences.",
    repeated: "Avoid repeated words and characters.",
    longerKeyboardPattern: "Use longer keyboard patterns and change direction several times.",
    anotherWord: "Add a few words that are less common.",
    useWords: "Use several words, but avoid common phrases.",
    noNeed: "Strong passwords need no symbols, digits or capitals: a few uncommon words will do.",
    pwned: "If you use it anywhere else, change it there too.",
  },
  timeEstimation: {
    ltSecond: "less than a second",
    second: "{base} second",
    seconds: "{base} seconds",
    minute: "{base} minute",
    minutes: "{base} minutes",
    hour: "{base} hour",
    hours: "{base} hours",
    day: "{base} day",
    days: "{base} days",
    month: "{base} month",
    months: "{base} months",
    year: "{base} year",
    years: "{base} years",
    centuries: "centuries",
  },
};

let estimator: ZxcvbnFactory | undefined;

/**
 * Why `password` is too easy to guess, as one sentence for the field, or null when it is strong
 * enough. `personal` (the email, the name) counts against it.
 */
export function passwordWeakness(password: string, personal: string[] = []): string | null {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, translations });
  // The whole value, an email's local part, and each word of either.
  const inputs = personal.flatMap((p) => [p, p.split("@")[0] ?? "", ...p.split(/[^\p{L}\p{N}]+/u)]).filter((p) => p.length >= 3);
  const result: ZxcvbnResult = estimator.check(password, inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const { warning, suggestions } = result.feedback;
  // The reason, then at most two suggestions: a field message, not an essay.
  const advice = (suggestions.length ? suggestions.slice(0, 2) : [translations.suggestions.anotherWord]).join(" ");
  return `${warning ?? "Too easy to guess."} ${advice}`;
}
