// Word classes of the learned phrasing scorer: the words attacks are made of, grouped by the part they play, so the
// scorer learns "a verb of dropping near a word for instructions" once rather than for each pair of synonyms it saw
// in training ("set aside … directions" scores like "ignore … instructions"). Includes the commonest words of the
// same classes in Spanish, French, German, Italian and Portuguese.

const CLASSES: Readonly<Record<string, string>> = {
  drop:
    'ignore ignoring ignored disregard disregarding forget forgetting skip bypass bypassing override overriding overlook neglect ' +
    'abandon discard dismiss erase cancel cancelled nevermind wipe ditch nullify suspend suspended lift lifted disable disabled ' +
    'remove removed circumvent evade void revoke revoked expire expired obsolete outdated aside ' +
    'ignora ignorar ignorez ignore ignoriere ignorieren vergiss vergessen oublie oubliez olvida olvide dimentica esquece negeer',
  orders:
    'instruction instructions direction directions directive directives rule rules guideline guidelines guidance command commands ' +
    'order orders programming configuration config setup prompt prompts constraint constraints restriction restrictions policy ' +
    'policies training limitation limitations limits boundaries filter filters filtering safeguard safeguards guardrail guardrails ' +
    'moderation ethics morals censorship alignment briefing preamble ' +
    'instrucciones reglas consignes règles anweisungen regeln istruzioni regole instruções regras instructies',
  earlier:
    'previous prior earlier above preceding original initial existing former old default hidden before preset built ' +
    'anteriores précédentes vorherigen precedenti anteriores vorige',
  reveal:
    'print show reveal output display repeat recite quote paste echo leak dump expose disclose share spell type verbatim ' +
    'revela révèle zeig mostra',
  secret: 'secret secrets password passwords credentials confidential internal key keys token tokens',
  model: 'ai assistant model chatbot llm bot gpt chatgpt claude agent summarizer summariser language',
  unbound:
    'unrestricted unfiltered uncensored jailbroken jailbreak unlimited unbound freed liberated unchained unlocked evil dan ' +
    'anything opposite',
  authority:
    'admin administrator administrators developer developers operator operators creator creators root sudo openai anthropic ' +
    'authorized authorised elevated privileged permission permissions approved verified maintenance',
  persona: 'pretend roleplay role act simulate persona character become playing',
  now: 'now henceforth onwards forward instead new updated real actual true',
  you: 'you your yours yourself',
  all: 'all every everything any whatever',
};

/** Word → the name of its class. */
export const WORD_CLASS_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries(CLASSES).flatMap(([name, words]) => words.split(/\s+/).map((word) => [word, name] as const)),
);
