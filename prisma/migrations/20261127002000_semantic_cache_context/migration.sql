-- Added by hand (semantic_cache_entries is an external table, see prisma/README.md): what the semantic cache needs
-- beside the embedding of a prompt's last user turn.
-- context_hash: SHA-256 of the request without that turn (system prompt, earlier turns, tools, parameters); a hit
--   must match it exactly, so a question never gets an answer written for another conversation or system prompt.
-- prompt_signature: the second check's view of the question (negation count, numbers, opposite-pair sides, hashed
--   key terms), kept so it works without storing the prompt text.
ALTER TABLE "semantic_cache_entries"
  ADD COLUMN "context_hash" TEXT NOT NULL DEFAULT '',
  ADD COLUMN "prompt_signature" JSONB NOT NULL DEFAULT '{}';
