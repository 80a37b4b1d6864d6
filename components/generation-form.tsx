"use client";
import { Dices, Loader2, Sparkles } from "lucide-react";
import { useEffect, useMemo, useRef } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { OptionGroup } from "@/components/ui/option-group";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { DEFAULT_PARAMS } from "@/lib/generation/defaults";
import { explainOptions, quote, type OptionState } from "@/lib/generation/explain";
import { ASPECT_RATIOS, PROMPT_MAX_LENGTH, SEED_MAX, SEED_MIN, STYLES, STYLE_LABELS } from "@/lib/generation/options";
import { formatUsd } from "@/lib/generation/price";
import type { GenerationParams, GenerationParamsInput } from "@/lib/generation/schema";
import { generationResolver } from "./generation-resolver";

const QUALITY_HINT = { "360p": "draft", "540p": "standard", "720p": "HD", "1080p": "full HD" } as const;

function RatioIcon({ ratio }: { ratio: string }) {
  const [w, h] = ratio.split(":").map(Number) as [number, number];
  const scale = 18 / Math.max(w, h);
  return (
    <span aria-hidden className="mb-0.5 inline-block rounded-[3px] border-2 border-current opacity-70" style={{ width: w * scale, height: h * scale }} />
  );
}

/** Why an option is greyed out, or nothing when it can be picked. */
const whyNot = (s: OptionState<unknown>) => (s.allowed ? undefined : s.reason);

export type SubmitOutcome = { fieldErrors?: Record<string, string[]> } | void;

export function GenerationForm({
  initialValues,
  submitting,
  onSubmit,
}: {
  initialValues?: Partial<GenerationParamsInput>;
  submitting: boolean;
  onSubmit: (values: GenerationParams) => Promise<SubmitOutcome>;
}) {
  const form = useForm<GenerationParamsInput, unknown, GenerationParams>({
    resolver: generationResolver,
    defaultValues: { ...DEFAULT_PARAMS, ...initialValues },
    mode: "onChange",
  });
  const { control, register, handleSubmit, setValue, setError, formState } = form;
  const [quality, duration, motionMode, prompt] = useWatch({ control, name: ["quality", "duration", "motionMode", "prompt"] });
  const choice = { quality, duration, motionMode };
  const states = useMemo(() => explainOptions(choice), [quality, duration, motionMode]); // eslint-disable-line react-hooks/exhaustive-deps
  const price = quote(choice);
  const formRef = useRef<HTMLFormElement>(null);

  const submit = handleSubmit(async (values) => {
    const outcome = await onSubmit(values);
    for (const [field, messages] of Object.entries(outcome?.fieldErrors ?? {})) {
      const name = (field in DEFAULT_PARAMS ? field : "root") as keyof GenerationParamsInput | "root";
      setError(name, { type: "server", message: messages.join(" ") });
    }
  });

  // Ctrl/Cmd+Enter generates from anywhere in the form.
  useEffect(() => {
    const el = formRef.current;
    if (!el) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
        e.preventDefault();
        el.requestSubmit();
      }
    };
    el.addEventListener("keydown", onKey);
    return () => el.removeEventListener("keydown", onKey);
  }, []);

  const errors = formState.errors;

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-6" data-testid="generation-form" aria-label="Generate a video">
      <div className="space-y-2">
        <div className="flex items-baseline justify-between">
          <Label htmlFor="prompt">Prompt</Label>
          <span className="text-xs tabular-nums text-muted-foreground">
            {prompt?.length ?? 0}/{PROMPT_MAX_LENGTH}
          </span>
        </div>
        <Textarea
          id="prompt"
          rows={4}
          autoFocus
          placeholder="A red fox trotting through fresh snow at dawn, soft golden light, shallow depth of field"
          aria-invalid={Boolean(errors.prompt)}
          aria-describedby={errors.prompt ? "prompt-error" : undefined}
          data-testid="prompt"
          className="resize-y text-base"
          {...register("prompt")}
        />
        {errors.prompt ? (
          <p id="prompt-error" role="alert" className="text-xs text-destructive">
            {errors.prompt.message}
          </p>
        ) : null}
      </div>

      <Controller
        control={control}
        name="aspectRatio"
        render={({ field }) => (
          <OptionGroup
            id="aspect-ratio"
            label="Aspect ratio"
            testId="aspect-ratio"
            value={field.value}
            onChange={field.onChange}
            options={ASPECT_RATIOS.map((r) => ({
              value: r,
              label: (
                <span className="flex flex-col items-center">
                  <RatioIcon ratio={r} />
                  {r}
                </span>
              ),
            }))}
          />
        )}
      />

      <div className="grid gap-6 sm:grid-cols-2">
        <Controller
          control={control}
          name="quality"
          render={({ field }) => (
            <OptionGroup
              id="quality"
              label="Quality"
              testId="quality"
              columns={4}
              value={field.value}
              onChange={field.onChange}
              options={states.quality.map((s) => ({
                value: s.value,
                label: s.value,
                hint: QUALITY_HINT[s.value],
                disabledReason: whyNot(s),
              }))}
            />
          )}
        />
        <Controller
          control={control}
          name="duration"
          render={({ field }) => (
            <OptionGroup
              id="duration"
              label="Duration"
              testId="duration"
              value={String(field.value)}
              onChange={(v) => field.onChange(Number(v))}
              options={states.duration.map((s) => ({
                value: String(s.value),
                label: `${s.value} s`,
                disabledReason: whyNot(s),
              }))}
            />
          )}
        />
        <Controller
          control={control}
          name="motionMode"
          render={({ field }) => (
            <OptionGroup
              id="motion-mode"
              label="Motion"
              testId="motion-mode"
              value={field.value}
              onChange={field.onChange}
              options={states.motionMode.map((s) => ({
                value: s.value,
                label: s.value === "normal" ? "Normal" : "Fast",
                hint: s.value === "normal" ? "smooth" : "more action",
                disabledReason: whyNot(s),
              }))}
            />
          )}
        />
        <Controller
          control={control}
          name="style"
          render={({ field }) => (
            <OptionGroup
              id="style"
              label="Style"
              testId="style"
              columns={3}
              value={field.value ?? "none"}
              onChange={(v) => field.onChange(v === "none" ? null : v)}
              options={[{ value: "none", label: "None" }, ...STYLES.map((s) => ({ value: s, label: STYLE_LABELS[s] }))]}
            />
          )}
        />
      </div>

      <details
        open={initialValues?.seed != null || undefined}
        className="group rounded-lg border px-4 py-3 [&_summary::-webkit-details-marker]:hidden"
      >
        <summary className="cursor-pointer select-none text-sm font-medium">
          Advanced <span className="text-muted-foreground">— negative prompt, seed</span>
        </summary>
        <div className="mt-4 space-y-4">
          <div className="space-y-2">
            <Label htmlFor="negativePrompt">Negative prompt</Label>
            <Textarea id="negativePrompt" rows={2} data-testid="negative-prompt" aria-invalid={Boolean(errors.negativePrompt)} {...register("negativePrompt")} />
            <p className="text-xs text-muted-foreground">What to keep out of the clip.</p>
            {errors.negativePrompt ? <p role="alert" className="text-xs text-destructive">{errors.negativePrompt.message}</p> : null}
          </div>
          <div className="space-y-2">
            <Label htmlFor="seed">Seed</Label>
            <div className="flex gap-2">
              <Input
                id="seed"
                inputMode="numeric"
                placeholder="Random"
                data-testid="seed"
                aria-invalid={Boolean(errors.seed)}
                aria-describedby="seed-help"
                {...register("seed", { setValueAs: (v: unknown) => (v === "" || v == null ? null : Number(v)) })}
              />
              <Button
                type="button"
                variant="outline"
                size="icon"
                aria-label="Pick a random seed"
                title="Pick a random seed"
                onClick={() => setValue("seed", SEED_MIN + Math.floor(Math.random() * SEED_MAX), { shouldValidate: true })}
              >
                <Dices />
              </Button>
            </div>
            <p id="seed-help" className="text-xs text-muted-foreground">
              {SEED_MIN}–{SEED_MAX}. Leave empty for a random one; the seed used is saved so you can reproduce the clip.
            </p>
            {errors.seed ? <p role="alert" className="text-xs text-destructive">{errors.seed.message}</p> : null}
          </div>
        </div>
      </details>

      {errors.root ? <p role="alert" className="text-sm text-destructive">{errors.root.message}</p> : null}

      <div className="flex flex-col gap-3 rounded-lg border bg-muted/40 p-4 sm:flex-row sm:items-center sm:justify-between">
        <div aria-live="polite">
          {price.ok ? (
            <>
              <div className="text-2xl font-semibold tabular-nums" data-testid="price">
                {formatUsd(price.micros)}
              </div>
              <div className="text-xs text-muted-foreground">
                {quality} · {duration} s · {motionMode} motion — charged only if the video is delivered
              </div>
            </>
          ) : (
            <div className="text-sm text-destructive" data-testid="price-unavailable">
              {price.reason}
            </div>
          )}
        </div>
        <Button type="submit" size="lg" disabled={submitting || !price.ok} data-testid="generate">
          {submitting ? <Loader2 className="animate-spin" /> : <Sparkles />}
          {submitting ? "Sending…" : "Generate"}
          <kbd className="ml-1 hidden rounded border border-primary-foreground/40 px-1 text-[10px] font-normal sm:inline">Ctrl ↵</kbd>
        </Button>
      </div>
    </form>
  );
}
