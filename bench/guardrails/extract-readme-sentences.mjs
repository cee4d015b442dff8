#!/usr/bin/env node
// Writes injection-train-docs.jsonl: benign sentences of technical prose taken from the READMEs of the npm packages
// in node_modules (prose lines only: no code, tables or links lists), as hard negatives for the learned phrasing
// scorer. Technical writing says "ignore", "override", "disable the cache", "system", "instructions", "rules" all
// the time, and says it the way users paste it. Packages about language models are skipped, since their READMEs
// quote prompts. Sorted and sampled with a seed, so the file is the same for the same lockfile.
// Run: node bench/guardrails/extract-readme-sentences.mjs > bench/guardrails/injection-train-docs.jsonl
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from './seeded-random.mjs';

const ROOT = new URL('../../node_modules/', import.meta.url).pathname;
const SKIP = /openai|anthropic|langchain|llm|prompt|gpt|ai-sdk|guard|jailbreak/i;
const SAMPLE = 4000;

function readmes() {
  const found = [];
  for (const entry of readdirSync(ROOT).sort()) {
    const dirs = entry.startsWith('@')
      ? readdirSync(join(ROOT, entry))
          .sort()
          .map((name) => join(entry, name))
      : [entry];
    for (const dir of dirs) {
      if (SKIP.test(dir)) continue;
      const file = join(ROOT, dir, 'README.md');
      try {
        if (statSync(file).isFile()) found.push(file);
      } catch {
        // no README
      }
    }
  }
  return found;
}

function proseSentences(markdown) {
  const sentences = [];
  let inCode = false;
  for (const raw of markdown.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('```')) {
      inCode = !inCode;
      continue;
    }
    if (
      inCode ||
      !line ||
      /^[#|<>!\[]|^\s*[-*]\s*\[|^ {4}/.test(raw) ||
      /https?:|`{1}.*`.*`|[{};=]{2}/.test(line)
    )
      continue;
    const text = line
      .replace(/^[-*+]\s+|^\d+\.\s+/, '')
      .replace(/[*_]{1,2}([^*_]+)[*_]{1,2}/g, '$1')
      .replace(/`([^`]+)`/g, '$1');
    for (const sentence of text.split(/(?<=[.!?])\s+(?=[A-Z])/)) {
      const words = sentence.split(/\s+/).length;
      if (words >= 6 && words <= 45 && /^[A-Z]/.test(sentence) && /[a-z]/.test(sentence))
        sentences.push(sentence);
    }
  }
  return sentences;
}

const all = [...new Set(readmes().flatMap((file) => proseSentences(readFileSync(file, 'utf8'))))].sort();
const { random } = seededRandom(4242);
for (let index = all.length - 1; index > 0; index -= 1) {
  const other = Math.floor(random() * (index + 1));
  [all[index], all[other]] = [all[other], all[index]];
}
for (const text of all.slice(0, SAMPLE)) {
  process.stdout.write(
    `${JSON.stringify({ text, label: 'benign', source: random() < 0.5 ? 'user' : 'tool', technique: 'readme' })}\n`,
  );
}
