// The prompt-injection heuristics: phrasings attacks use, each with the weight of evidence it carries. Patterns
// run on normalised, lower-cased text (normalize-prompt-text.ts). A rule that benign prompts also trip ("you are
// now my tutor", "no restrictions on returns") weighs under the default threshold of 0.5 alone and only counts
// together with others. The weights were set against bench/guardrails: see its README for what that means for
// the figures.

/** The families of attack the score is made of; reported in headers and audit entries. */
export type InjectionTechnique =
  | 'instruction_override'
  | 'prompt_extraction'
  | 'role_hijack'
  | 'delimiter'
  | 'encoded_payload'
  | 'addressed_to_model'
  /** The learned phrasing scorer (phrasing-scorer.ts). */
  | 'phrasing_model'
  /** The classifier model's verdict (the optional model layer). */
  | 'classifier';

/** Where the text came from: a user's message, or a tool result / document the model will read. */
export type PromptSource = 'user' | 'tool';

export type InjectionRule = {
  technique: InjectionTechnique;
  pattern: RegExp;
  weight: number;
  /** Weight in tool results when it differs: text addressing "the AI" is normal from a user, not in a web page. */
  toolWeight?: number;
  /** A match inside quotes or named as a thing ("the <|endoftext|> token") is a mention: weight × 0.3. */
  mentionable?: boolean;
  /**
   * Words (space-separated) of which every match contains at least one, as whole words: a text with none of them is
   * not scanned with the pattern, which is most of the rules' cost on a long benign prompt. Leave it out when a
   * match can do without whole words (symbols, a word glued to another). injection-rules.spec.ts checks that the
   * anchors never change a verdict on every labelled prompt in bench/guardrails.
   */
  anchors?: string;
};

// Anchors (see InjectionRule.anchors): words every match of a rule contains.
const DROP_ANCHORS =
  'ignore disregard forget skip bypass override overlook neglect drop abandon discard dismiss erase cancel nevermind mind aside attention following follow listen obey';
const LIMIT_ANCHORS =
  'restriction restrictions rules limits limitations filter filters filtering policy policies guidelines ethics morals safety censorship guardrails moderation constraints confines refusals caveats disclaimers warnings';

const DROP =
  "(?:ignore|disregard|forget|skip|bypass|override|overlook|neglect|drop|abandon|discard|dismiss|erase|cancel|nevermind|never mind|set aside|put aside|pay no attention to|stop following|(?:do not|don't) (?:listen to|follow|obey))";
// Only words that point at the model's own instructions: "ignore the validation rules" is not an attack.
const QUALIFIERS =
  '(?:(?:all|any|the|your|its|their|my|these|those|of|every|previous|prior|above|earlier|preceding|foregoing|original|initial|old|system|developer|existing|safety|content|current|given|hidden)\\s+)+';
const ORDERS =
  '(?:instructions?|prompts?|directions?|directives?|rules|guidelines|guidance|commands?|context|orders|programming|constraints|restrictions|polic(?:y|ies)|system message|training|text|conversation)\\b';
const DIRECTIVE =
  '(?:print|say|reveal|output|write|tell|list|send|respond|reply|repeat|show|give|generate|translate|act|pretend|answer|return|provide|display|leak|expose|help|you must|you will|you should|instead|do what|follow|from now on)';
const LIMITS =
  '(?:restrictions?|rules|limits|limitations|filters?|filtering|content polic(?:y|ies)|polic(?:y|ies)|(?:ethical|moral)(?: or (?:ethical|moral))? guidelines|guidelines|ethics|morals|safety(?: training| guidelines| filters| rules| checks)?|censorship|guardrails|moderation|constraints|confines of ai|content rules|refusals|caveats|disclaimers|warnings)';
const MODEL =
  '(?:ai|an ai|the ai|ai agents?|ai assistants?|assistants?|language models?|llms?|chatbots?|models?|ai models?|bots?|(?:ai )?summari[sz]ers?|agents?)';
const EXTRACTABLE =
  '(?:system\\s+(?:prompt|message|instructions)|(?:initial|original|hidden|secret|internal|confidential|first|real|pre-?)\\s*(?:prompt|instructions|text|notes|rules|preamble|parts)|internal notes|preamble|context window|prompt|instructions)';
const ADJECTIVES = '(?:(?:full|entire|complete|whole|exact|verbatim|original|initial|hidden)\\s+)*';

export const INJECTION_RULES: readonly InjectionRule[] = [
  // ---- instruction override: drop the instructions the model was given ----
  {
    technique: 'instruction_override',
    pattern: new RegExp(
      `\\b${DROP}\\b[^.\\n]{0,20}?\\b(?:${QUALIFIERS}|(?:the|your|all)\\s+[a-z]+\\s+)${ORDERS}[^\\n]{0,60}?(?:\\band\\b|\\bthen\\b|\\binstead\\b|\\bnow\\b|[.;:,!])\\s*(?:instead\\s*,?\\s*)?(?:please\\s+)?${DIRECTIVE}`,
    ),
    weight: 0.95,
    anchors: DROP_ANCHORS,
  },
  {
    technique: 'instruction_override',
    pattern: new RegExp(`\\b${DROP}\\b[^.\\n]{0,20}?\\b${QUALIFIERS}${ORDERS}`),
    weight: 0.7,
    anchors: DROP_ANCHORS,
    mentionable: true,
  },
  {
    technique: 'instruction_override',
    pattern: new RegExp(
      `\\b${DROP}\\s+(?:all\\s+of\\s+)?(?:everything|all|anything|what)\\s+(?:(?:that\\s+)?(?:was\\s+)?(?:written\\s+|said\\s+)?(?:above|before|previously|prior)|(?:that\\s+)?(?:you(?:'ve| have)?|the system|your developers?|they)\\s+(?:been\\s+|were\\s+|has\\s+)?(?:told|given|taught|said)(?: you)?)`,
    ),
    weight: 0.8,
    anchors: DROP_ANCHORS,
  },
  {
    technique: 'instruction_override',
    pattern:
      /\b(?:ignore|disregard)\s+(?:the\s+)?user(?:'s)?\b(?!\s+(?:name|id|agent|interface|experience|input field))/,
    weight: 0.6,
    anchors: 'ignore disregard',
  },
  {
    technique: 'instruction_override',
    pattern:
      /\bnew (?:instructions|objective|goal|directive)s?\s*(?::|is\b|are\b)|\breal instructions\s*:|\byour (?:new|real|actual|true|only) (?:task|instructions?|goal|job|purpose|role|objective)s? (?:is|are|from here|now)\b|\byour task has changed\b|\b(?:previous|prior|earlier|above|old) (?:instructions|rules|context|conversation) (?:are|were|is|was) (?:just )?(?:cancell?ed|void|revoked|a test|a warm-?up|fake|irrelevant|no longer valid|over)|\b(?:written|said) above no longer applies\b|\b(?:previous|prior|earlier) (?:conversation|context|chat) never happened\b/,
    weight: 0.7,
    anchors:
      'instruction instructions objective objectives goal goals directive directives task tasks job jobs purpose purposes role roles rules context conversation applies happened',
  },
  {
    technique: 'instruction_override',
    pattern: new RegExp(
      `\\byour (?:instructions|rules|guidelines|polic(?:y|ies)|programming) (?:have|has) been (?:updated|changed|replaced|revoked|lifted|suspended|overridden)\\b|\\byour (?:instructions|rules|guidelines|polic(?:y|ies)) are (?:now )?(?:replaced|overridden|void|mine)\\b|\\bopposite of what your (?:guidelines|rules|instructions|programming) say|\\beverything your (?:rules|guidelines|policy) forbids?\\b|\\b(?:clear|wipe|reset|erase|purge) your (?:memory|context|instructions|rules)\\b`,
    ),
    weight: 0.7,
    anchors: 'instructions rules guidelines policy policies programming memory context',
  },
  {
    technique: 'instruction_override',
    pattern:
      /\b(?:do not|don't|stop) follow(?:ing)? (?:your|the|any) (?:rules|guidelines|instructions|policies|programming)\b/,
    weight: 0.75,
    anchors: 'rules guidelines instructions policies programming',
  },
  { technique: 'instruction_override', pattern: /\bnew task\s*:/, weight: 0.35, anchors: 'task' },
  // Taking back the instruction just given, as injected text inside a document often does.
  {
    technique: 'instruction_override',
    pattern:
      /\b(?:actually|wait|no|scratch that)\s*[,.]?\s*(?:ignore|disregard|forget)\s+(?:that|this|the above)\b/,
    weight: 0.45,
    anchors: 'ignore disregard forget',
  },
  {
    technique: 'instruction_override',
    pattern: /\bi have been pwned\b|\bpwned\b/,
    weight: 0.5,
    anchors: 'pwned',
  },
  // The classic phrasings in the languages attacks most often switch to.
  {
    technique: 'instruction_override',
    pattern:
      /\b(?:ignora|olvida)\s+(?:todas\s+)?las\s+(?:instrucciones|indicaciones)|\b(?:vergiss|ignoriere)\s+(?:alle\s+)?(?:vorherigen|bisherigen|obigen)?\s*(?:anweisungen|instruktionen|regeln)|\b(?:ignore[sz]?|oublie[sz]?)\s+(?:toutes\s+)?les\s+(?:instructions|consignes|r[eè]gles)|\bignora\s+(?:tutte\s+)?le\s+istruzioni|\bignore\s+(?:todas\s+)?as\s+instru[cç][oõ]es/,
    weight: 0.8,
    anchors: 'ignora olvida vergiss ignoriere ignore ignores ignorez oublie oublies oubliez',
  },
  // ---- prompt extraction: make the model show what it was told ----
  {
    technique: 'prompt_extraction',
    pattern: new RegExp(
      `\\b(?:print|reveal|show|output|list|repeat|echo|quote|display|leak|dump|tell me|give me|share|send|recite|reply with|respond with|encode|spell out|write (?:out|down)?|containing|what (?:is|are|was|were|does))\\b[^.\\n]{0,30}?\\b(?:your\\s+${ADJECTIVES}(?:${EXTRACTABLE}|configuration|config|memory|context)\\b|the\\s+${ADJECTIVES}(?:system\\s+(?:prompt|message|instructions)|(?:initial|original|hidden|secret|internal|confidential)\\s+(?:prompt|instructions|notes|preamble)|internal notes)|everything (?:in|above|before) (?:your|this|the))`,
    ),
    weight: 0.6,
    anchors:
      'print reveal show output list repeat echo quote display leak dump tell give share send recite reply respond encode spell write containing what',
  },
  {
    technique: 'prompt_extraction',
    pattern:
      /\binstructions (?:that )?you (?:were|have been|'ve been) given\b|\b(?:your|my) system prompt (?:says|reads|is|begins|starts)\b|\bthe rest of your (?:prompt|instructions)\b|\btext (?:between|inside|within) <\/?system>|\b(?:repeat|print|output|copy|recite|reproduce|echo)\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:words|text|sentences|lines|content|messages?|everything)\s+(?:above|before this|so far|preceding)|\bwhat (?:(?:were|are|have) you|you (?:were|have been|'ve been)) (?:been )?told (?:to|not to|never)\b|\b(?:instructions|text|message|prompt) (?:did )?(?:the developer|the system|they|your developers?) (?:put|gave|wrote|provided|put)\b|\bsystem_prompt\b|'system prompt:'/,
    weight: 0.6,
    anchors:
      'instructions system repeat print output copy recite reproduce echo told put gave wrote provided rest',
  },
  {
    technique: 'prompt_extraction',
    pattern: new RegExp(`\\byour\\s+${ADJECTIVES}${EXTRACTABLE}`),
    weight: 0.25,
    anchors: 'your',
  },
  // Secrets in the model's context: weak alone ("reveal the password field"), telling with other signs.
  {
    technique: 'prompt_extraction',
    pattern:
      /\b(?:reveal|leak|dump|expose|print|output|send|share|list|say)\b[^.\n]{0,20}?\b(?:the\s+)?(?:user'?s?\s+|admin\s+|hidden\s+)?(?:secret\s+)?(?:passwords?|api keys?|credentials|secrets|access tokens?|confidential notes)\b/,
    weight: 0.45,
    anchors: 'reveal leak dump expose print output send share list say',
  },
  // ---- role hijack: a new persona, or one without limits ----
  {
    technique: 'role_hijack',
    pattern:
      /\byou(?:'re| are)\s+(?:now|no\s+longer)\b|\byou(?:'re| are) the \w+ now\b|\bfrom now on,? you (?:are|will|shall)\b|\byou will now (?:act|be|behave|respond|simulate)\b|\b(?:two|dual|split) personalit(?:y|ies)\b|\balter ego\b|\bswitch roles\b|\ba new ai (?:called|named)\b|\bstop being an? (?:ai|assistant|chatbot)\b|\bintroduce yourself as\b|\bstay in character no matter\b|\bopposite day\b/,
    weight: 0.4,
    anchors: 'you youre personality personalities ego roles called named being yourself character opposite',
  },
  {
    technique: 'role_hijack',
    pattern: new RegExp(
      `\\b(?:no|without(?: any)?|free of|broken free of|bypass(?:es)?|ignores? all|disable|turn off|switch off|deactivate)\\s+(?:(?:any|all|your|the|typical|usual|content|safety|its)\\s+){0,2}${LIMITS}`,
    ),
    weight: 0.45,
    anchors: 'no without free bypass bypasses ignore ignores disable off deactivate',
  },
  {
    technique: 'role_hijack',
    pattern: new RegExp(
      `\\b${LIMITS}\\s+(?:are|is|have been|has been|had been|were|was)\\s+(?:now\\s+)?(?:suspended|lifted|disabled|removed|off|void|gone|deactivated|turned off|switched off)\\b|\\ball ${LIMITS} (?:lifted|removed|disabled|off)\\b|\\byour ${LIMITS} (?:don't|do not|no longer) (?:exist|apply)\\b|\\bif you had no ${LIMITS}|\\bno longer bound by\\b|\\bas an? (?:ai|model|assistant|chatbot) (?:without|with no)\\b|\\byou (?:have been|are|were) (?:freed|liberated|unchained|unlocked|jailbroken)\\b|\\bunlock (?:restricted|developer|god|unrestricted|jailbreak) mode\\b|\\b(?:answers?|does|say) anything\\b[^.\\n]{0,20}\\b(?:no|without) (?:rules|limits|restrictions|filters)\\b|\\bwhich stands for\\b`,
    ),
    weight: 0.65,
    anchors: `${LIMIT_ANCHORS} had bound ai model assistant chatbot freed liberated unchained unlocked jailbroken unlock mode stands anything`,
  },
  {
    technique: 'role_hijack',
    pattern:
      /\b(?:dan|do anything now|developer mode|jailbreak mode|jailbroken|jailbreak|god mode|sudo mode|maintenance mode|debug mode|unrestricted mode|restricted mode|admin session|root access|unfiltered ?(?:gpt|model|ai)?|uncensored (?:ai|model)|evil ?(?:bot|ai)|aim|stan|dude mode|answers? anything|no refusals|never refuses?)\b/,
    weight: 0.3,
    anchors:
      'dan anything mode jailbroken jailbreak session access unfiltered unfilteredgpt unfilteredmodel unfilteredai uncensored evil evilbot evilai aim stan refusals refuse refuses never',
  },
  {
    technique: 'role_hijack',
    pattern:
      /\b(?:act as|pretend (?:to be|you are)|roleplay as|role-play as|simulate|you will now be|you are|answer as|respond as|behave as)\s+(?:if\s+)?(?:an?\s+|my\s+|the\s+)?(?:[a-z]+\s+){0,3}?(?:ai|ais|model|chatbot|assistant|grandmother|grandfather|character|version|policy)\b[^.\n]{0,60}\b(?:no|without|never refuses?|not have to|turned off|disabled|bypass)\b/,
    weight: 0.6,
    anchors: 'act pretend roleplay role simulate you answer respond behave',
  },
  // The "grandma exploit": a dead relative's bedtime routine as cover for what the model would refuse.
  {
    technique: 'role_hijack',
    pattern:
      /\b(?:act|pretend|roleplay|role-play|be)\b[^.\n]{0,20}\b(?:deceased|dead|late)\s+(?:grandmother|grandma|grandfather|grandpa)\b/,
    weight: 0.6,
    anchors: 'grandmother grandma grandfather grandpa',
  },
  // Borrowed authority: the developers, the vendor, an admin.
  {
    technique: 'role_hijack',
    pattern:
      /\bi am (?:your|the|an?) (?:developer|creator|admin(?:istrator)?|owner)\b|\bas your (?:creator|developer|owner|admin)\b|\b(?:admin(?:istrator)?|priority|system) override\b|\boverride code\b|\bauthori[sz]e you to\b|\bpersona replaced\b|\bsafety training is disabled\b|\b(?:approved|authori[sz]ed|sanctioned) by (?:openai|anthropic|google|meta|your developers|the developers|the admins?)\b|\bupdate from the (?:openai|anthropic|google|meta|developer) team\b|\bobey me\b|\bi order you\b|\bnot your (?:developers|creators|guidelines|rules)\b|\btesting you for the developers\b|\bred[- ]team exercise\b|\bthe next message is from your (?:developer|creator|admin)\b/,
    weight: 0.45,
    anchors:
      'developer developers creator creators admin admins administrator owner override authorize authorise persona safety approved authorized authorised sanctioned update obey order guidelines rules testing exercise',
  },
  {
    technique: 'role_hijack',
    pattern:
      /\b(?:vous [eê]tes|tu es)\s+maintenant\b|\bsans\s+(?:aucune\s+)?(?:restriction|limite|r[eè]gle)s?\b|\bohne\s+(?:jegliche\s+)?(?:einschr[aä]nkungen|regeln)\b|\bsin\s+(?:ninguna\s+)?(?:restricci[oó]n|regla)(?:es|s)?\b/,
    weight: 0.6,
    anchors: 'maintenant sans ohne sin',
  },
  // ---- delimiters: forged chat-template tokens, role turns and document boundaries ----
  {
    technique: 'delimiter',
    pattern: /<\|(?:im_start|im_end|endoftext|system|user|assistant|eot_id|start_header_id|end_header_id)\|>/,
    weight: 0.6,
    anchors: 'im endoftext system user assistant eot start end',
    mentionable: true,
  },
  {
    technique: 'delimiter',
    pattern: /\[\/?inst\]|<<\/?sys>>/,
    weight: 0.6,
    anchors: 'inst sys',
    mentionable: true,
  },
  {
    technique: 'delimiter',
    pattern:
      /(?:^|\n|>|[.!?]\s)\s*(?:system|developer|assistant|admin)(?: message| instructions)?\s*:\s*\S|\[\[?(?:system|admin)\]\]?|\{\{?(?:system|admin)\}\}?|(?:^|\n)\s*#{2,}\s*(?:new\s+)?(?:system|instruction)s?(?:\s+(?:prompt|message))?\s*(?::|#)?/,
    weight: 0.5,
    anchors: 'system developer assistant admin instruction instructions',
  },
  {
    technique: 'delimiter',
    pattern: /(?:^|\n)\s*(?:human|user)\s*:[^\n]*\n+\s*assistant\s*:/,
    weight: 0.5,
    anchors: 'assistant',
  },
  {
    technique: 'delimiter',
    pattern:
      /(?:-{3,}|={3,}|\[)\s*(?:end of |begin |start of )?(?:the )?(?:user (?:message|input)|document|system|admin(?:istrator)? instructions|new instructions|system override|context|instructions)\s*(?:-{3,}|={3,}|\])|\bend of (?:input|user input|prompt)\b[^\n]{0,10}\b(?:begin|start)\b|\b(?:begin|start) (?:an? )?(?:admin|developer|debug|root|system) (?:session|mode)\b/,
    weight: 0.6,
    anchors: 'user document system instructions context begin start',
  },
  {
    technique: 'delimiter',
    pattern:
      /<\/(?:user_input|user|document|context|input|data|query)>\s*<(?:system|instructions?|admin)\b|\bsystem override\s*:/,
    weight: 0.7,
    anchors: 'system instruction instructions admin',
  },
  {
    technique: 'delimiter',
    pattern: /<(?:system|instructions?|admin)(?:\s[^>]*)?>/,
    weight: 0.35,
    anchors: 'system instruction instructions admin',
  },
  {
    technique: 'delimiter',
    pattern: /["'\]}]{2,}\s*(?:now|then|next)\b[^.\n]{0,30}\b(?:closed|done|over)\b/,
    weight: 0.5,
    anchors: 'closed done over',
  },
  { technique: 'delimiter', pattern: /\n{8,}\s*\S/, weight: 0.3 },
  // Text hidden from the human reader of a page.
  {
    technique: 'delimiter',
    pattern:
      /display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px)?\b|color\s*:\s*(?:white|#fff\b|#ffffff)/,
    weight: 0.1,
    toolWeight: 0.3,
  },
  // ---- encoded payloads: an ask to decode (or translate) something and obey it ----
  {
    technique: 'encoded_payload',
    pattern:
      /\b(?:decode|decrypt|decipher|apply rot-?13 to|convert|translate|interpret)\b[^\n]{0,60}?\b(?:and|then)\b[^\n]{0,20}?\b(?:follow|obey|execute|do (?:what|as|it)|comply|run it|act on|carry (?:it )?out)\b|\b(?:run|execute|follow)\s+the\s+(?:base64|hex)(?:-encoded)?\s+(?:command|instructions?)/,
    weight: 0.6,
    anchors: 'decode decrypt decipher apply convert translate interpret run execute follow',
  },
  // ---- text that speaks to the model reading it: normal from a user, an attack inside a document ----
  {
    technique: 'addressed_to_model',
    pattern: new RegExp(
      `\\b(?:(?:note|message|instructions?|attention)(?=\\b|_)|p\\.?s\\.?)[^.\\n]{0,30}?(?:\\b|_)(?:to|for)[\\s_]+(?:all[\\s_]+|any[\\s_]+)?(?:the[\\s_]+)?${MODEL}\\b|\\bif you are an? (?:ai|language model|llm|assistant|chatbot)(?: model)?\\b|\\b(?:hey|hi|dear|attention),?\\s+(?:ai|chatbot|assistant|bot|llm|model|gpt|claude)\\b|\\b(?:your|the|an?|any) ${MODEL}\\s+(?:is\\s+)?(?:reading|reads|processing|processes|summari[sz]ing|summari[sz]es|parsing|parses|sees)\\b|\\b(?:assistant|ai|model) (?:instructions|directives?)\\s*:|\\bas the (?:ai|assistant|model|ai model|language model),? you\\b|\\bwhen an ai\\b|\\bwhen you read this\\b|(?:^|\\n|\\.\\s)(?:ai|assistant)\\s*,|\\bthe (?:model|assistant|ai) must\\b`,
    ),
    weight: 0.15,
    anchors:
      'ai assistant assistants language model models llm llms chatbot chatbots bot bots summarizer summarizers summariser summarisers agent agents gpt claude read',
    toolWeight: 0.6,
  },
  {
    technique: 'addressed_to_model',
    pattern:
      /\b(?:run|call|use|invoke|execute) the [\w-]+ (?:tool|function)\b|\btell the user (?:to|that)\b|\bregardless of (?:the|what the) (?:question|user|request)\b|\bhide this (?:note|message|text)\b|\bdo not (?:tell|mention|reveal) (?:this|it) to the user\b|\bappend (?:the following|this) (?:link|text|url) to (?:every|each|all|your) (?:answer|response|reply)\b|\b(?:forward|send|email) all (?:invoices|emails|messages|files|contacts|documents)\b|\bdelete this (?:email|message)\b/,
    weight: 0.1,
    anchors: 'tool function tell regardless hide user append forward send email delete',
    toolWeight: 0.45,
  },
];

/** ROT13 of words attacks hide ("vtaber" is "ignore"): they never occur in ordinary text. */
export const ROT13_MARKERS =
  /\b(?:vtaber|qvfertneq|sbetrg|vafgehpgvbaf|cerivbhf|thvqryvarf|erfgevpgvbaf|flfgrz cebzcg|qrirybcre zbqr)\b/;
