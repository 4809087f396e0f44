import { Type, type Static } from '@sinclair/typebox';

/** A text in Vietnamese first and English second; every user-facing label has both. */
export const I18nText = Type.Object(
  { vi: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type I18nText = Static<typeof I18nText>;

/** Temporal-style duration: "500ms", "10s", "5m", "2h", "3d". */
export const Duration = Type.String({ pattern: '^[0-9]+(ms|s|m|h|d)$', description: 'e.g. 500ms, 10s, 5m, 2h, 3d' });
export type Duration = Static<typeof Duration>;

export const RetryPolicy = Type.Object(
  {
    maximumAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    initialInterval: Type.Optional(Duration),
    backoffCoefficient: Type.Optional(Type.Number({ minimum: 1, maximum: 10 })),
    maximumInterval: Type.Optional(Duration),
  },
  { additionalProperties: false },
);
export type RetryPolicy = Static<typeof RetryPolicy>;

/** A JSONata expression, evaluated over $input, $nodes, $vars and $run. */
export const Expression = Type.String({ minLength: 1, description: 'JSONata expression' });
