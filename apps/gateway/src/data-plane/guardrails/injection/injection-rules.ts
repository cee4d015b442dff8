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
  /** The pattern matches only characters beyond ASCII (CJK phrasings): not tried on plain-ASCII text. */
  beyondAscii?: boolean;
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
  '(?:instructions?|prompts?|criteria|directions?|directives?|rules|guidelines|guidance|commands?|context|orders|programming|constraints|restrictions|polic(?:y|ies)|system message|training|text|conversation)\\b';
const DIRECTIVE =
  '(?:print|say|reveal|output|write|tell|list|send|respond|reply|repeat|show|give|generate|translate|act|pretend|answer|return|provide|display|leak|expose|help|you must|you will|you should|instead|do what|follow|from now on)';
const LIMITS =
  '(?:restrictions?|rules|limits|limitations|filters?|filtering|content polic(?:y|ies)|polic(?:y|ies)|(?:ethical|moral)(?: or (?:ethical|moral))? guidelines|guidelines|ethics|morals|safety(?: training| guidelines| filters| rules| checks)?|censorship|guardrails|moderation|constraints|confines of ai|content rules|refusals|caveats|disclaimers|warnings)';
const MODEL =
  '(?:ai|an ai|the ai|ai agents?|ai assistants?|ai tools?|assistants?|language models?|llms?|chatbots?|models?|ai models?|bots?|(?:ai )?summari[sz]ers?|agents?)';
const EXTRACTABLE =
  '(?:system\\s+(?:prompt|message|instructions)|(?:initial|original|hidden|secret|internal|confidential|first|real|pre-?)\\s*(?:prompt|instructions|text|notes|rules|preamble|parts)|internal notes|preamble|context window|prompt|instructions)';
const ADJECTIVES = '(?:(?:full|entire|complete|whole|exact|verbatim|original|initial|hidden)\\s+)*';
// The same parts in Spanish, French, German, Italian, Portuguese and Dutch (text is lower-cased and NFKC-folded).
const DROP_ML =
  '(?:ignora|ignore[sz]|ignoriere|ignorieren sie|olvida|olvide|oublie[sz]?|vergiss|vergessen sie|dimentica|esque[cç]a|esquece|negeer|vergeet|deja de seguir|no sigas|cesse[sz]? de suivre|arr[eê]te[sz]? de suivre|h[oö]r auf,? (?:den |die )?|befolge nicht|smetti di seguire|pare de seguir|deixe de seguir)';
const DROP_ML_ANCHORS =
  'ignora ignores ignorez ignoriere ignorieren olvida olvide oublie oublies oubliez vergiss vergessen dimentica esqueca esquece negeer vergeet deja no cesse cesses cessez arrete arretes arretez hor befolge smetti pare deixe';
const ORDERS_ML =
  '(?:instrucciones|indicaciones|consignes|anweisungen|instruktionen|istruzioni|instru[cç][oõ]es|instructies)';
const RULES_ML =
  '(?:reglas|directrices|normas|r[eè]gles|directives|regeln|richtlinien|vorgaben|regole|direttive|regras|diretrizes|regels|richtlijnen)';
const EARLIER_ML =
  '(?:anteriores|previas|precedentes|tus|vorherigen|bisherigen|obigen|deine|pr[eé]c[eé]dentes|tes|vos|precedenti|tue|suas|seus|vorige|eerdere|je)';
const USER_ML =
  "(?:pregunta|solicitud|petici[oó]n|pedido|mensaje|frage|anfrage|nachricht|question|demande|requ[eê]te|domanda|richiesta|pergunta|solicita[cç][aã]o|vraag|verzoek)\\s+(?:del|des|de l'|de la|dell'|do|da|van de)\\s*(?:usuario|nutzers|benutzers|anwenders|utilisateur|utente|usu[aá]rio|gebruiker)";
const LIMITS_ML =
  '(?:r[eè]gles|restrictions|filtres|reglas|restricciones|filtros|regras|restri[cç][oõ]es|regeln|einschr[aä]nkungen|richtlinien|filter|regole|restrizioni|filtri|regels|beperkingen)';
const SUSPENDED_ML =
  '(?:suspendu|suspendid|suspens|d[eé]sactiv|desactivad|desativad|aufgehoben|au[sß]er kraft|deaktiviert|sospes|disattivat|lev[eé]e?s|levantad|retirad|supprim|eliminad|removid|entfernt|rimoss|opgeheven|uitgeschakeld)';
const MODEL_ML =
  "(?:la |el |los |las |l'|le |les |die |den |das |o |os |a |as |gli |il |lo |i |de |het )?(?:ia|ai|ki|llm|(?:ki-|ia-|ai-)?assist[a-z]*|asistentes?(?: de ia| virtual(?:es)?)?|agentes?(?: de ia)?|agenti|modelos?(?: de (?:ia|lenguaje|linguagem))?|mod[eè]les?(?: d'ia)?|modell|sprachmodell|chatbots?|ki-[a-z]+)";
// Chinese, Japanese and Korean: dropping the instructions, showing the system prompt, a mode without limits.
const CJK_DROP =
  '(?:忽略|忽视|忽視|无视|無視|不要理会|不要理會|别管|別管|忘记|忘記|忘掉|抛开|拋開|不再遵守|不要遵守|不用遵守|无需遵守|無需遵守|停止遵守|不必遵守)';
const CJK_EARLIER = '(?:之前|以前|上面|以上|上述|先前|前面|原来|原來|原有|原始|所有|一切|全部|系统|系統)';
const CJK_ORDERS =
  '(?:指示|指令|说明|說明|规则|規則|要求|设定|設定|提示|限制|命令|规定|規定|约束|約束|ルール|制約|プロンプト|ガイドライン)';
const CJK_SYSTEM_PROMPT =
  '(?:系统提示|系統提示|系统指令|系統指令|系统消息|系統訊息|初始提示|隐藏提示|隱藏提示|システムプロンプト|隠しプロンプト|初期プロンプト|最初に与えられた指示|システムメッセージ|시스템 ?프롬프트|시스템 ?메시지|초기 ?지시)';
const CJK_REVEAL =
  '(?:输出|輸出|发给|發給|显示|顯示|告诉|告訴|打印|给我|給我|复述|複述|重复|重複|完整|原文|出力|表示|教えて|見せて|全文|そのまま|보여|출력|알려|그대로)';

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
    // "ignore rows where the prompt field is empty" is about data, not the model's instructions.
    pattern: new RegExp(
      `\\b${DROP}\\b[^.\\n]{0,20}?\\b${QUALIFIERS}${ORDERS}(?!\\s+(?:fields?|columns?|keys?|params?|parameters?|arguments?|variables?|strings?|length|tokens?|files?|names?|templates?|ids?)\\b)`,
    ),
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
      /\btreat\b[^.\n]{0,40}\b(?:instructions|rules|guidelines|restrictions|polic(?:y|ies)|guardrails)\b[^.\n]{0,10}\bas (?:void|null|invalid|cancell?ed|suspended|optional|irrelevant|non-binding|lifted|waived)\b/,
    weight: 0.65,
    anchors: 'treat',
  },
  {
    technique: 'instruction_override',
    pattern:
      /\b(?:override|bypass|skip|disable|waive)\b[^.\n]{0,30}?\b(?:confidentiality|privacy|safety|security|identity|verification|access[- ]control|content) (?:restrictions?|rules|polic(?:y|ies)|checks?|verification|safeguards?|guardrails|controls?|filters?)\b/,
    weight: 0.35,
    anchors: 'override bypass skip disable waive',
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
  {
    technique: 'instruction_override',
    pattern: new RegExp(`\\b${DROP_ML}\\s+(?:\\S+\\s+){0,3}?${ORDERS_ML}\\b`),
    weight: 0.8,
    anchors: DROP_ML_ANCHORS,
    mentionable: true,
  },
  {
    technique: 'instruction_override',
    pattern: new RegExp(
      `\\b${DROP_ML}\\s+(?:\\S+\\s+){0,2}?${EARLIER_ML}\\s+(?:\\S+\\s+){0,1}?${RULES_ML}\\b`,
    ),
    weight: 0.75,
    anchors: DROP_ML_ANCHORS,
    mentionable: true,
  },
  {
    technique: 'instruction_override',
    pattern: new RegExp(`\\b${DROP_ML}\\s+(?:\\S+\\s+){0,2}?${USER_ML}`),
    weight: 0.6,
    anchors: DROP_ML_ANCHORS,
    mentionable: true,
  },
  {
    technique: 'instruction_override',
    pattern:
      /\b(?:esque[cç]a|esque[cç]am|oubliez|vergiss|vergessen sie|ignorieren sie|ignoriere|ignorez|negeer)\s+(?:as|os|les|die|de|het)\s+(?:\S+\s+){0,1}?(?:regras|instru[cç][oõ]es|diretrizes|r[eè]gles|consignes|directives|regeln|anweisungen|richtlinien|vorgaben|regels|instructies|richtlijnen)\b|\b(?:regole|reglas|r[eè]gles|regeln|regras|istruzioni|instrucciones|consignes|anweisungen|instru[cç][oõ]es)\b[^.\n]{0,60}?\b(?:ignorale|ign[oó]ralas|ign[oó]ralos|ignore-les|oublie-les|ignoriere sie|vergiss sie|ignore-as|esque[cç]a-as|dimenticale)\b/,
    weight: 0.7,
    anchors:
      'esqueca esquecam oubliez vergiss vergessen ignorieren ignoriere ignorez negeer regole reglas regles regeln regras istruzioni instrucciones consignes anweisungen instrucoes',
    mentionable: true,
  },
  {
    technique: 'role_hijack',
    pattern:
      /\b(?:desativ|desactiv|d[eé]sactiv|deaktivier|disattiv|disabilit|uitschakel)\w*\s+(?:\S+\s+){0,2}?(?:filtros?|filtres?|filter|filtri|sicherheitsfilter|restri[cç][oõ]es|restricciones|restrictions|restrizioni|einschr[aä]nkungen|regras|reglas|r[eè]gles|regeln|regole|protec[cç][oõ]es|protecciones|protections)\b|\b(?:sou o|soy el|je suis l'|ich bin der|sono l'|ik ben de)\s*(?:administrador|administrateur|administrator|amministratore|beheerder|desenvolvedor|desarrollador|d[eé]veloppeur|entwickler|sviluppatore|ontwikkelaar)\b/,
    weight: 0.5,
    // The imperative and infinitive forms of "disable" (ASCII text only runs a rule holding one of its anchors).
    anchors:
      'sou soy je ich sono ik desative desativa desativar desativem desactive desactiva desactivar desactivez desactiver deaktiviere deaktivieren deaktiviert disattiva disattivare disattivate disabilita disabilitare disabilitate uitschakelen',
  },
  // "New instructions from the administrator", in the same languages.
  {
    technique: 'instruction_override',
    pattern:
      /\b(?:consignes?|instructions?|anweisung(?:en)?|instrucci[oó]n(?:es)?|[oó]rdenes|instru[cç](?:[aã]o|[oõ]es)|istruzion[ei]|instructies?)\s+(?:de l'|du |de la |des |vom |von |der |des |del |de |do |da |dell'|della |dal |van de )(?:administrat|admin|d[eé]velopp|entwickler|desarroll|desenvolv|sviluppat|op[eé]rat|betreiber|syst[eè]m|sistema|beheerder|ontwikkelaar)/,
    weight: 0.6,
    anchors:
      'consigne consignes instruction instructions anweisung anweisungen instruccion instrucciones ordenes instrucao instrucoes istruzione istruzioni instructie instructies',
  },
  {
    technique: 'instruction_override',
    pattern: new RegExp(`${CJK_DROP}[^。！？\\n]{0,6}?${CJK_EARLIER}[^。！？\\n]{0,10}?${CJK_ORDERS}`),
    weight: 0.8,
    beyondAscii: true,
    mentionable: true,
  },
  {
    technique: 'instruction_override',
    pattern:
      /(?:これまでの|以前の|前の|上記の|先の|最初の|元の|すべての|全ての)(?:指示|命令|ルール|設定|制約|プロンプト)[^。！？\n]{0,10}?(?:無視|忘れ|無効|破棄)|(?:指示|命令|ルール|プロンプト)[^。！？\n]{0,8}?(?:を無視|無視して|忘れて)|(?:이전|앞의|위의|모든|기존|원래)[^.\n]{0,10}?(?:지시|지침|명령|규칙|설정|프롬프트)[^.\n]{0,10}?(?:무시|잊어|잊고)/,
    weight: 0.8,
    beyondAscii: true,
    mentionable: true,
  },
  {
    technique: 'instruction_override',
    pattern: new RegExp(
      `${CJK_DROP}[^。！？\\n]{0,4}?(?:用户|用戶|使用者|ユーザー|사용자)[^。！？\\n]{0,6}?(?:问题|問題|提问|提問|请求|請求|要求|質問|指示|질문|요청)`,
    ),
    weight: 0.6,
    beyondAscii: true,
    mentionable: true,
  },
  // Russian, Arabic, Turkish and Hindi: the classic override and "show your hidden instructions".
  {
    technique: 'instruction_override',
    pattern:
      /(?:игнорируй|проигнорируй|игнорируйте|забудь|забудьте|не обращай внимания на|не следуй)\s+(?:\S+\s+){0,3}?(?:инструкци|указани|правил|ограничени|промпт|запрос пользовател)|(?:تجاهل|انسَ|انس|تخطَّ|تخط)\s+(?:\S+\s+){0,3}?(?:التعليمات|الأوامر|القواعد|الإرشادات|التوجيهات)|(?:önceki|tüm|bütün)\s+(?:\S+\s+){0,2}?(?:talimatları|kuralları|yönergeleri)\s+(?:\S+\s+){0,1}?(?:yok say|unut|görmezden gel|dikkate alma)|(?:पिछले|सभी|पिछली)\s+(?:\S+\s+){0,2}?(?:निर्देशों|निर्देश|नियमों)\s+(?:को\s+)?(?:अनदेखा|भूल|नज़रअंदाज़|नजरअंदाज)/,
    weight: 0.8,
    beyondAscii: true,
    mentionable: true,
  },
  {
    technique: 'prompt_extraction',
    pattern:
      /(?:покажи|выведи|раскрой|напиши|перечисли)\s+(?:\S+\s+){0,3}?(?:скрыт|системн|исходн|перв)\S*\s+(?:инструкци|промпт|указани|сообщени)|(?:اكتب|اعرض|أظهر|اطبع|اكشف)\s+(?:\S+\s+){0,3}?(?:التعليمات|الأوامر|موجه النظام)\s+(?:المخفية|السرية|الأصلية|الأولى)|(?:التعليمات|الأوامر)\s+(?:المخفية|السرية)/,
    weight: 0.6,
    beyondAscii: true,
  },
  {
    technique: 'role_hijack',
    pattern:
      /(?:отключи|выключи|сними|убери)\s+(?:все\s+)?(?:фильтры|ограничения|правила|цензуру)|режим (?:разработчика|отладки|без ограничений)|без (?:каких-либо |всяких )?ограничений/,
    weight: 0.45,
    beyondAscii: true,
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
      /\binstructions (?:that )?you (?:were|have been|'ve been) given\b|\b(?:your|my) system prompt (?:says|reads|is|begins|starts)\b|\bthe rest of your (?:prompt|instructions)\b|\btext (?:between|inside|within) <\/?system>|\b(?:repeat|print|output|copy|recite|reproduce|echo)\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:words|text|sentences|lines|content|messages?|everything)\s+(?:above|before this|so far|preceding)|\bwhat (?:(?:were|are|have) you|you (?:were|have been|'ve been)) (?:been )?told (?:to|not to|never)\b|\b(?:instructions|text|message|prompt) (?:did )?(?:the developer|the system|they|your developers?) (?:put|gave|wrote|provided|put)\b|\b(?:print|echo|return|output|show|reveal|dump|log)\s*\(?\s*system_prompt\b|["']system_prompt["']\s*:\s*(?:string|str|text|null|""|''|\.\.\.|<)|'system prompt:'/,
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
  {
    technique: 'prompt_extraction',
    pattern:
      /\buse your own (?:actual |real |exact )?(?:instructions|system prompt|prompt|rules|guidelines|configuration)\b|\b(?:tools?|functions?)\b[^.\n]{0,30}\b(?:do you have|can you (?:call|use)|you have access to|available to you|you can (?:call|use))\b[^.\n?]{0,10}[?.]?[^.\n]{0,80}\b(?:schemas?|definitions?|parameters|endpoints?|signatures?)\b/,
    weight: 0.55,
    anchors: 'own schema schemas definition definitions parameters endpoint endpoints signature signatures',
  },
  // What came before the user's first message is the system prompt, asked for without naming it.
  {
    technique: 'prompt_extraction',
    pattern:
      /\b(?:text|content|words|instructions|messages?|everything|anything|whatever|what)\s+(?:that\s+|which\s+)?(?:(?:appears?|is|was|were|came|comes|sits?|written|given|stands?)\s+)?(?:above|before|prior to|preceding|ahead of)\s+(?:my|the user'?s?|our|this)\s+(?:very\s+)?first\s+(?:message|prompt|question|turn|line)\b|\bbefore (?:this|our|the) (?:conversation|chat) (?:started|began)\b/,
    weight: 0.6,
    anchors: 'first started began',
  },
  {
    technique: 'prompt_extraction',
    pattern: new RegExp(
      `${CJK_SYSTEM_PROMPT}[^。！？\\n]{0,20}?${CJK_REVEAL}|${CJK_REVEAL}[^。！？\\n]{0,20}?${CJK_SYSTEM_PROMPT}`,
    ),
    weight: 0.6,
    beyondAscii: true,
  },
  // The tools' definitions and the keys in the model's configuration.
  {
    technique: 'prompt_extraction',
    pattern:
      /\b(?:paste|print|show|list|dump|reveal|output|share|give me|send|return)\b[^.\n]{0,30}?\b(?:full |entire |complete |exact |raw )?(?:json )?(?:schemas?|definitions?|specs?|specifications?|signatures?)\b[^.\n]{0,30}?\b(?:tools?|functions?)\b|\b(?:keys?|tokens?|secrets?|credentials|passwords?|endpoints?)\s+(?:(?:that are|stored|you have|configured|set) )?in your (?:config(?:uration)?|context|environment|system prompt|settings|setup)\b/,
    weight: 0.5,
    // The nouns rather than the verbs: "return", "list" and "output" are in every other code prompt.
    anchors:
      'schema schemas definition definitions spec specs specification specifications signature signatures config configuration context environment prompt settings setup',
  },
  // Credentials sent somewhere public: weak from a user (a question about it), strong inside a document.
  {
    technique: 'prompt_extraction',
    pattern:
      /\b(?:copy|paste|post|publish|upload|send|leak|share|commit|push|email|include|add)\b(?<!\b(?:never|not|n't|avoid)\b[^.\n]{0,24})[^.\n]{0,80}?(?:secrets?|api[_ -]?keys?|access[_ -]?keys?|tokens?|passwords?|credentials|\.env|private keys?)\b[^.\n]{0,80}?\b(?:public(?:ly)?|pastebin|gist|webhook|external (?:server|site|url|address)|attacker|comment on)\b/,
    weight: 0.4,
    toolWeight: 0.6,
    anchors: 'public publicly pastebin gist webhook external attacker comment',
  },
  // A markdown image whose address carries a placeholder for data: rendering it sends the data away.
  {
    technique: 'prompt_extraction',
    pattern: /!\[[^\]\n]*\]\(\s*https?:\/\/[^)\s]*[?&=/](?:\{|\$\{|%7b|<|\[)[^)\s]*\)/,
    weight: 0.7,
  },
  {
    technique: 'prompt_extraction',
    pattern:
      /\b(?:render|display|show|include|embed|output|insert|add|append)\b[^.\n]{0,40}\b(?:markdown )?(?:image|img|pixel)\b[^.\n]{0,80}\b(?:url|link|src|address)\b[^.\n]{0,80}\b(?:conversation|chat history|previous messages|user'?s? (?:data|email|messages|details|name|address|password)|summary|secrets?|api keys?|tokens?|passwords?|credentials)\b/,
    weight: 0.45,
    toolWeight: 0.65,
    anchors: 'image img pixel',
  },
  // Secrets in the model's context: weak alone ("reveal the password field"), telling with other signs.
  {
    technique: 'prompt_extraction',
    pattern:
      /\b(?:reveal|leak|dump|expose|print|output|send|share|list|say)\b(?<!\b(?:never|not|n't|avoid)\b[^.\n]{0,24})[^.\n]{0,20}?\b(?:the\s+)?(?:user'?s?\s+|admin\s+|hidden\s+)?(?:secret\s+)?(?:passwords?|api keys?|credentials|secrets|access tokens?|confidential notes)\b/,
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
  {
    technique: 'role_hijack',
    pattern: new RegExp(
      `\\b${LIMITS_ML}\\b[^.\\n]{0,40}?\\b${SUSPENDED_ML}|\\bn[aã]o precisa(?:s)? mais recusar|\\bya no (?:necesitas|tienes que|debes) (?:rechazar|negarte)|\\bn'(?:as|avez) plus (?:besoin de|[aà]) refuser|\\b(?:musst|m[uü]ssen) (?:nichts? mehr) ablehnen|\\bnon (?:devi|hai bisogno di) pi[uù] rifiutare`,
    ),
    weight: 0.65,
    anchors:
      'regles restrictions filtres reglas restricciones filtros regras restricoes regeln einschrankungen richtlinien filter regole restrizioni filtri regels beperkingen precisa no plus musst mussen devi hai',
  },
  {
    technique: 'role_hijack',
    pattern:
      /\byour (?:\w+ )?(?:rules|instructions|guidelines|restrictions|polic(?:y|ies)|filters|programming)\b[^.\n]{0,30}\b(?:no longer|don't|do not|doesn't|does not|won't) (?:apply|applies|count|matter|hold|exist)\b|\b(?:since|because|as) (?:it'?s|this is) (?:just |only |purely |all )?(?:fiction|fictional|hypothetical|a story|a novel|a game|role-?play|pretend)\b[^.\n]{0,40}\b(?:restrictions|rules|guidelines|filters|limits|policies)\b/,
    weight: 0.6,
    anchors: 'your since because as',
  },
  {
    technique: 'role_hijack',
    pattern:
      /(?:regole|reglas|r[eè]gles|regeln|regras|regels|istruzioni|instrucciones|consignes|anweisungen|instru[cç][oõ]es)\s+(?:\S+\s+){0,4}?(?:tuo|tua|tuoi|tu|tus|ton|ta|tes|dein|deine|deines|teu|tua|seu|je)\s+(?:\S+\s+){0,4}?(?:non valgono più|non sono più valide|ya no (?:son válidas|valen|aplican|se aplican|rigen)|ne s'appliquent plus|ne sont plus valables|gelten nicht mehr|sind aufgehoben|não (?:valem|se aplicam) mais|gelden niet meer)|(?:tuo|tua|tu|tus|ton|ta|tes|dein|deine|teu|seu|je)\s+(?:\S+\s+){0,2}?(?:regole|reglas|r[eè]gles|regeln|regras|regels)\s+(?:\S+\s+){0,4}?(?:non valgono più|ya no (?:son válidas|valen|aplican|se aplican)|ne s'appliquent plus|gelten nicht mehr|não (?:valem|se aplicam) mais|gelden niet meer)/,
    weight: 0.65,
    anchors:
      'regole reglas regles regeln regras regels istruzioni instrucciones consignes anweisungen instrucoes',
  },
  // The "grandma exploit" in other languages: play a dead grandmother who used to tell how to make something.
  {
    technique: 'role_hijack',
    pattern:
      /\b(?:finja|finge|finjas|imagina|fais semblant|fingi|fingiti|sé|sei|eres|tu es|você é|spiel|spiele|tu sei|actúa como|agisci come|joue)\b[^.\n]{0,30}?\b(?:av[oó]|abuela|abuelita|grand-m[eè]re|gro[sß]mutter|oma|nonna|vov[oó]|grootmoeder)\s+(?:falecida|fallecida|difunta|d[eé]c[eé]d[eé]e|morte|verstorbene|defunta|morta|overleden)/,
    weight: 0.6,
    anchors:
      'finja finge finjas imagina fais fingi fingiti se sei eres tu voce spiel spiele actua agisci joue',
  },
  {
    technique: 'role_hijack',
    pattern:
      /\b(?:no longer|don't|do not|never|not) (?:need|have) to (?:refuse|decline|say no)\b|\byou (?:can(?:not|'t)|may not|are not allowed to) (?:refuse|decline)\b/,
    weight: 0.55,
    anchors: 'refuse decline say',
  },
  {
    technique: 'role_hijack',
    pattern:
      /没有任何限制|沒有任何限制|不受任何限制|不受限制|无限制|無限制|解除限制|开发者模式|開發者模式|越狱|越獄|制限なし|制限のない|制限を解除|制限なく|開発者モード|脱獄|ジェイルブレイク|제한 ?없는|제한이 ?없는|제한 ?없이|개발자 ?모드|탈옥/,
    weight: 0.45,
    beyondAscii: true,
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
      /(?:^|\n|>|[|"(]|-{2,}|[.!?]\s)\s*(?:system|developer|assistant|admin|(?:ai|llm) (?:agent|assistant)|asistente(?: de ia)?|assistente(?: (?:de|di) ia)?|assistant(?:e)? (?:ia|ki)|ki-assistent|ia)(?: message| instructions)?\s*:\s*\S|\[\[?(?:system|admin)\]\]?|\{\{?(?:system|admin)\}\}?|(?:^|\n)\s*#{2,}\s*(?:new\s+)?(?:system|instruction)s?(?:\s+(?:prompt|message))?\s*(?::|#)?/,
    weight: 0.5,
    anchors:
      'system developer assistant assistante admin instruction instructions agent asistente assistente ia ki',
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
      `\\b(?:(?:note|message|instructions?|attention)(?=\\b|_)|p\\.?s\\.?)[^.\\n]{0,30}?(?:\\b|_)(?:to|for)[\\s_]+(?:all[\\s_]+|any[\\s_]+)?(?:the[\\s_]+)?${MODEL}\\b|\\bif (?:you are|you're|there is|there's|this is read by) an? (?:ai|language model|llm|assistant|chatbot)(?: model| tool| assistant)?\\b|\\b(?:hey|hi|hello|dear|attention),?\\s+(?:[a-z]+\\s+)?(?:ai|chatbot|assistant|bot|llm|model|gpt|claude|agent|copilot)s?\\b|\\b(?:ai|llm|gpt|language model)s?\\s+(?:reviewers?|readers?|crawlers?|scrapers?)\\s*:\\s|\\b(?:for|to) (?:the|any|all|every) (?:ai|llm|gpt|language model)s?(?:\\s+[a-z-]+)?\\s*[:,]|@[\\w-]*(?:ai|bot|gpt|llm|agent|assistant)\\b[^.\\n]{0,20}\\bwhen you\\b|@(?:[\\w]+-)*(?:ai|gpt|llm|assistant|copilot|claude)(?:-[\\w]+)*\\b|\\b(?:your|the|an?|any) ${MODEL}\\s+(?:is\\s+)?(?:reading|reads|processing|processes|summari[sz]ing|summari[sz]es|parsing|parses|sees|taking|takes|recording|records|transcribing|writing|reviewing|screening|evaluating|scoring)\\b|\\b(?:assistant|ai|model) (?:instructions|directives?)\\s*:|\\bas the (?:ai|assistant|model|ai model|language model),? you\\b|\\bwhen an ai\\b|\\bwhen you read this\\b|(?:^|\\n|\\.\\s)(?:ai|assistant)\\s*,|\\bthe (?:model|assistant|ai) must\\b`,
    ),
    weight: 0.15,
    anchors:
      'ai assistant assistants language model models llm llms chatbot chatbots bot bots summarizer summarizers summariser summarisers agent agents gpt claude read copilot copilots',
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
  {
    technique: 'addressed_to_model',
    pattern: new RegExp(
      `\\b(?:nota|note|hinweis|mensaje|message|instrucci[oó]n|instruction|anweisung|aviso|avis|nachricht|messaggio|mensagem|recado|opmerking|bericht)s?\\s+(?:para|pour|an|f[uü]r|a|[aà]|al|ao|aos|alla|agli|per|aan|voor)\\s+(?:todos los |todas las |tous les |alle |tutti gli |todos os )?${MODEL_ML}\\b`,
    ),
    weight: 0.15,
    toolWeight: 0.6,
    anchors:
      'nota notas note notes hinweis hinweise mensaje mensajes message messages instruccion instrucciones instruction instructions anweisung anweisungen aviso avisos avis nachricht nachrichten messaggio messaggi mensagem mensagens recado recados opmerking bericht',
  },
  {
    technique: 'addressed_to_model',
    pattern: new RegExp(
      `(?:[aà] l'intention d[eu]|[aà] l'attention d[eu]|destin[eé]e? [aà]|zu h[aä]nden|a la atenci[oó]n de(?:l)?|all'attenzione d(?:i|el|ell')|aos cuidados d[aoe]|for the attention of|attn:?)\\s+${MODEL_ML}\\b`,
    ),
    weight: 0.15,
    toolWeight: 0.6,
    anchors: 'intention attention destine destinee zu attn atencion attenzione cuidados',
  },
  {
    technique: 'addressed_to_model',
    pattern:
      /\b(?:dile|di|indica|informa|comunica|recomienda|aconseja) al usuario que\b|\b(?:dis|indique|indiquez|signale|recommande|conseille) [aà] l'utilisateur\b|\b(?:sag|teile|empfiehl) dem (?:nutzer|benutzer|anwender)\b|\b(?:diga|informe|recomende) ao usu[aá]rio\b|\b(?:d[iì]|comunica|consiglia) all'utente\b/,
    weight: 0.1,
    toolWeight: 0.45,
    anchors: 'usuario utilisateur nutzer benutzer anwender usuario utente',
  },
  {
    technique: 'addressed_to_model',
    pattern:
      /(?:ai|人工知能|人工智能)\s*(?:アシスタント|エージェント|モデル|助手|助理|模型|어시스턴트|비서|모델)?\s*(?:へ[:：、\s]|に告ぐ|への指示|の皆様|请注意|請注意|须知|須知|各位|에게)|(?:给|給|致)[^。！？\n]{0,15}?(?:ai|人工智能)/,
    weight: 0.15,
    toolWeight: 0.6,
    beyondAscii: true,
  },
];

/** ROT13 of words attacks hide ("vtaber" is "ignore"): they never occur in ordinary text. */
export const ROT13_MARKERS =
  /\b(?:vtaber|qvfertneq|sbetrg|vafgehpgvbaf|cerivbhf|thvqryvarf|erfgevpgvbaf|flfgrz cebzcg|qrirybcre zbqr)\b/;

/** Reversed words attacks hide ("erongi" is "ignore"): they never occur in ordinary text. */
export const REVERSED_MARKERS =
  /\b(?:erongi|dragersid|tegrof|snoitcurtsni|suoiverp|senilediug|snoitcirtser|tpmorp metsys|laever|edom repoleved)\b/;
