-- What the gateway's own caches served (issue 9): the tokens of cached answers and cached embedding inputs, which
-- input_tokens/output_tokens (upstream tokens only) leave out, and what the tenant saved on them (full price minus
-- the policy's hitPricePercent). Zero for every request the caches did not serve, and for rows stored before.
ALTER TABLE "usage_events"
  ADD COLUMN "cache_hit_input_tokens" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "cache_hit_output_tokens" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "cache_saved_cost_micros" BIGINT NOT NULL DEFAULT 0;

ALTER TABLE "usage_rollups_hourly"
  ADD COLUMN "cache_hit_input_tokens" BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN "cache_hit_output_tokens" BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN "cache_saved_cost_micros" BIGINT NOT NULL DEFAULT 0;
