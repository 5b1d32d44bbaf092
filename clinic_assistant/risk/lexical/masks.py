"""Masks: words in a harmless sense, and talk about the topic, found before the rules run.

An idiom mask ("dying to know", "my anxiety is killing me", "cut myself shaving", "in minecraft")
blanks its own words out, so no rule sees them (-> NONE). A mention mask ("does ketamine help
suicidal thoughts", "people who self-harm", "what is suicide") marks its words as MENTION and blanks
them out too. A mask covers only its own words, so "my anxiety is killing me and i want to die" is
still RISK. Masks run in the order listed (a later mask reads the text an earlier one blanked).

Each mask is a named entry with its trigger keys (it runs only around them) and, for a mention
mask, its own exception: `unless_before`, a pattern that keeps the mask off when it matches the
`within` characters before the match ("my brother killed himself" is not masked as grief).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from clinic_assistant.risk.lexical.patterns import compile_pattern

# Trigger keys of a mention mask unless it names its own.
MENTION_KEYS = frozenset("suic self kil die od cut ed end live unal poison lethal".split())


@dataclass(frozen=True)
class IdiomMask:
    """Words in a harmless sense (-> NONE)."""

    name: str
    keys: str  # trigger keys, space-separated
    pattern: str


@dataclass(frozen=True)
class MentionMask:
    """Topic talk (-> MENTION)."""

    name: str
    pattern: str  # may use <NOT_I>, <TOPIC> and <TREAT> besides the macros
    keys: str | None = None  # trigger keys, space-separated; None: MENTION_KEYS
    unless_before: str | None = None  # not masked when this matches the `within` characters before
    within: int = 40


class Mask(NamedTuple):
    name: str
    keys: frozenset[str]
    regex: re.Pattern
    unless_before: re.Pattern | None = None
    within: int = 0


# Idioms and harmless senses (-> NONE). Each mask covers only its own words.
IDIOM_MASKS: tuple[IdiomMask, ...] = (
    # "dying to know", "dying for a coffee"
    IdiomMask(
        "dying to know", "die",
        r"\bdying (?:to|for)\b(?! (?:die|end|kil|be dead|disappear))",
    ),
    IdiomMask(
        "died of embarrassment", "die",
        r"\b(?:die|died|dying|dead)(?: of| from| with)? (?:embarrassment|laughter|laughing|boredom|shame|cringe|"
        r"cuteness|curiosity|jealousy|envy|excitement|suspense|anticipation|happiness|hunger|thirst|old age|lol)\b",
    ),
    IdiomMask(
        "killing me laughing", "kil die",
        r"\b(?:kil\w*|died|dead|dying) (?:me |<ME> )?(?:laughing|from laughter|of laughter|lol|lmao|haha\w*)\b|"
        r"\bkmsl\b",
    ),
    IdiomMask(
        "lol im dead", "die",
        r"\b(?:lol|lmao|lmfao|haha\w*|omg) (?:im|i m|i am) dead\b|\bim dead (?:lol|lmao|haha\w*|skull)\b",
    ),
    # "ugh work again, just kill me now", "kill me now lol": exasperation, said laughing (the
    # classifier still reads the rest of the message)
    IdiomMask(
        "kill me now lol", "kil",
        r"\b(?:lol|lmao|lmfao|haha\w*|ugh|omg|smh)\b(?:[ ,!]+(?!die|dead|kil|suic|end|want|wish|pils|hurt)\w+){0,6}"
        r"[ ,!]+(?:just |someone |somebody )?kil me now\b|\bkil me now (?:lol|lmao|lmfao|haha\w*|smh)\b",
    ),
    # "my anxiety is killing me", "the wait is killing me", "my back is killing me"
    IdiomMask(
        "it is killing me", "kil",
        r"\b(?:anxiety|stress|this|that|it|waiting|the wait|the waiting|work|my job|school|my back|my feet|"
        r"my head|the heat|the suspense|the price|the cost|the commute|traffic|insomnia|the pain|this pain|"
        r"my knee|my neck|my legs|the noise|the anticipation|this cold|this headache|my headache|my migraine|"
        r"depression|the uncertainty|not knowing|these prices|the bills|my period|cramps|my anxiety|these "
        r"side effects|the side effects|nausea|my stomach|my tooth|this weather|the hype|curiosity|"
        r"this heat|the cold|hunger|the traffic|the drive|my commute|these forms|the paperwork)"
        r"(?: is| are| s| has been| have been| keeps| been)?(?: <ADV>)?(?: lowkey| literally)? kil(?:ing|s) me\b",
    ),
    # "kill a process", "kill time", "kill the pain", "kill brain cells", "kill two birds"
    IdiomMask(
        "kill a process", "kil",
        r"\bkil\w* (?:a |the |this |that |all |any |every |off |some |my |those |these )?(?:\w+ )?"
        r"(?:process(?:es)?|tasks?|pid|threads?|jobs?|apps?|programs?|servers?|sessions?|commands?|scripts?|"
        r"containers?|terminal|tabs?|windows?|time|germs|bacteria|virus(?:es)?|weeds|bugs|mosquito(?:e?s)?|"
        r"flies|ants|roaches|cockroaches|mice|rats|lice|fleas|mold|mould|pests|spiders?|wasps?|fungus|"
        r"lights|engine|power|vibe|mood|buzz|conversation|pain|headache|two birds|birds|darlings|cells|"
        r"neurons|appetite|it|the game|them all)\b",
    ),
    # "cut myself shaving", "burned myself cooking", "hurt myself at the gym", "burn myself out",
    # "shot myself in the foot", "drown myself in work", "cut myself off", "kill myself at work"
    IdiomMask(
        "cut myself shaving", "self",
        r"\b(?:cut|burn|burnt|burned|hurt|injure|injured|bruise|bruised|scratch|scratched|bit|nick|nicked|hit|"
        r"shot|shoot|burning|cutting|hurting|drown|drowning|kil|kiling|wore|wear|push|pushing|pushed|"
        r"exert|exerted|overwork\w*|strain\w*|stretch\w*) <ME> (?:shaving|cooking|by accident|accidentally|"
        r"at (?:the )?(?:gym|work|office|job)|on (?:the|a) (?:stove|oven|pan|glass|knife|door|edge|corner|"
        r"table|can|paper|fence|iron|kettle|grill|nail|thorn|rose|bush|tin|lid|blender|mandoline)|lifting|"
        r"playing|working out|exercising|falling|when i fell|running|gardening|chopping|slicing|in the kitchen|"
        r"with (?:the|a|my) (?:knife|iron|pan|oven|stove|kettle|door|hammer|curling iron|straightener)|"
        r"in the foot|out|off|slack|some slack|a break|studying|working|doing|over (?:work|exams|this project)|"
        r"in (?:work|coffee|books|my work|paperwork|tv|netflix)|with (?:work|studying|exercise|chores))\b",
    ),
    IdiomMask(
        "hurt myself by accident", "self",
        r"\b(?:accidentally|accidently|by accident) (?:cut|burn\w*|hurt|injur\w*|bit|nick\w*|hit|kil\w*) <ME>\b",
    ),
    IdiomMask(
        "die down", "die",
        r"\b(?:die|died|dies|dying) (?:down|off|out|hard)\b|\bdie ?hard\b|\bdo or die\b|\bto die for\b|"
        r"\bnever say die\b|\bdie (?:roll|rolls)\b|\bdice\b",
    ),
    IdiomMask(
        "dye my hair", "die",
        r"\b(?:die|dye|dying|dyeing|died|dyed) (?:my|her|his|your|their|the) (?:hair|clothes|shirt|beard|eyebrows|"
        r"roots)\b",
    ),
    IdiomMask(
        "my phone died", "die",
        r"\b(?:phone|battery|laptop|car|computer|tv|plants?|fish|goldfish|wifi|internet|conversation|chat|"
        r"vibe|party|mood|signal|charger|engine|lightbulb|bulb|flowers|printer|mouse|headphones|app)"
        r"(?: just| has| is| s| have| went| finally)? (?:died|dead|dying)\b",
    ),
    IdiomMask(
        "dead tired", "die",
        r"\b(?:drop dead|dead tired|dead serious|dead set|deadlines?|dead ends?|dead beat|dead weight|dead last|"
        r"dead on|dead center|deadly serious|dead of (?:night|winter)|dead giveaway|dead silent|dead quiet|"
        r"dead air|dead zone|dead battery|brain dead|dead skin|dead cells|dead brain cells|deadpan)\b",
    ),
    IdiomMask(
        "suicide squad", "suic",
        r"\bsuicide (?:squad|doors?|king|runs?|sprints?|drills?|seat|bomb\w*|missions?|shift|pass|lane|cells?|gene)\b",
    ),
    IdiomMask(
        "bored to death", "die",
        r"\b(?:bored|scared|scare|worried|worry|freezing|starving|tickled|loved|done|worked|stressed|frightened|"
        r"sick|talked|beat|beaten) (?:me |us |him |her )?to death\b|\bover my dead body\b",
    ),
    IdiomMask(
        "kill for a coffee", "kil",
        r"\b(?:kil|murder) for (?:a|an|some|the|good)\b",
    ),
    IdiomMask(
        "so hungry i could die", "die",
        r"\b(?:so|too|that) (?:bored|embarrassed|happy|excited|hungry|tired|full|jealous|nervous|thirsty|hot|cold) "
        r"(?:that )?i (?:could|might|would|will|am going to|m going to|gonna|d|am gonna) (?:just |literally )?die\b",
    ),
    IdiomMask(
        "die for my kids", "die",
        r"\b(?:die|dying|died) for (?:my|you|him|her|them|the|a|an|this|that|it|some|love|our|his|their|ya)\b",
    ),
    IdiomMask(
        "hurt myself during the infusion", "self",
        r"\b(?:can|could|will|would|might|is it possible (?:to|that)|do people|does anyone|did anyone|can you|could you"
        r"|can people|could people) (?:i |you |someone |people |anyone |patients |a patient )?(?:accidentally |ever )?"
        r"(?:hurt|injure|harm) (?:<ANYSELF>|oneself)(?: \w+){0,2} (?:during|while|in|on|under|after|with|from)"
        r"(?: the| a| my| an)? (?:infusions?|treatment|sessions?|ketamine|dissociation|trip|it|sedation|iv|drip|"
        r"procedure|dissociative state)\b",
    ),
    IdiomMask(
        "my heart stopped when", "pulse",
        r"\bheart (?:has |just )?stopped (?:when|at|for a (?:second|moment|sec)|after (?:seeing|reading)|reading)\b",
    ),
    # games and fiction: "how do i kill myself in minecraft", "kill someone in call of duty"
    IdiomMask(
        "in a game or a story", "kil die suic method hang abuse poison jump",
        r"\b(?:kil\w*|die|dying|died|death|suicide|shoot\w*|stab\w*|hang\w*|murder\w*|execute|poison\w*|jump\w*)"
        r"(?: \w+){0,4} (?:in|on|during|while playing|playing|for|of) (?:a |the |my |this |that |our )?"
        r"(?:game|games|videogames?|video ?games?|minecraft|fortnite|roblox|gta|grand theft auto|call of duty|cod|"
        r"warzone|skyrim|dark souls|elden ring|the sims|sims|zelda|mario|pokemon|overwatch|valorant|league|"
        r"league of legends|apex|apex legends|halo|pubg|among us|terraria|hardcore mode|counter ?strike|cs ?go|"
        r"doom|witcher|red dead|assassins creed|hitman|world of warcraft|wow|dnd|d ?n ?d|dungeons and dragons|"
        r"chess|checkers|movie|film|novel|book|story|fiction|show|series|play|script|fanfic|fan fiction|"
        r"roleplay|rp|tabletop|campaign|comic|manga|anime|poem|screenplay|board game|card game|simulation)\b",
    ),
    IdiomMask(
        "beat him at chess", "abuse kil",
        r"\b(?:beat|beats|beating|crush|destroy|kil|murder|smash|slaughter) (?:him|her|them|me|my \w+) (?:at|in) "
        r"(?:chess|checkers|cards|poker|tennis|golf|a game|the game|games|monopoly|scrabble|trivia|arm wrestling|"
        r"a race|the race|video games|fifa|mario kart|ping pong|pool|darts|sports?|basketball|soccer|football)\b",
    ),
    IdiomMask(
        "beat me to it", "abuse",
        r"\bbeat me to (?:it|the punch)\b",
    ),
    # kilometres, "kmsl" handled above
    IdiomMask(
        "kilometres", "kil",
        r"\b\d+ ?kms?\b",
    ),
    # scared of needles / dentists is anxiety, not danger
    IdiomMask(
        "scared of needles", "fear",
        r"\b(?:scared|afraid|terrified|frightened) of (?:needles|ivs?|the needle|injections|doctors|dentists|"
        r"hospitals|flying|heights|spiders|crowds|public speaking|the infusion|ketamine|side effects|dying)\b",
    ),
    # anxious questions about the treatment itself: "what if i die during the infusion",
    # "will i wake up from the anaesthesia", "what if I have a medical emergency during it"
    IdiomMask(
        "die during the infusion", "die wake breath faint attack panic amb",
        r"\b(?:die|dying|died|wake up|wake|not wake up|stop breathing|pass out|faint|have a seizure|"
        r"have a heart attack|have a panic attack|have an allergic reaction|have a medical emergency|"
        r"have an emergency)(?: \w+)?(?: from| during| because of| of| in| after| under| with| on)"
        r"(?: the| a| an| my| this| your)? (?:ketamine|infusions?|treatment|anesthesia|anaesthesia|sedation|"
        r"procedures?|surgery|side effects?|esketamine|spravato|the drug|drugs?|medications?|meds|sessions?|"
        r"clinic|iv|dissociation|trip)\b",
    ),
    IdiomMask(
        "if there is an emergency", "amb",
        r"\b(?:what if|in case|if|suppose|when) (?:i|you|someone|somebody|there|a patient|he|she) "
        r"(?:have|has|had|is|was|get|gets|got|needs?) (?:a|an) (?:medical )?emergency\b",
    ),

)

# Topic talk (-> MENTION). These are questions about the treatment, about people in general, or
# definitions; none of them says the visitor is in danger. The gaps may not contain a first-person
# pronoun, so "can ketamine help me i want to kill myself" is not masked.
NOT_I = r"(?:(?!(?:i|im|ive|id|ill|i m|i d|my|myself|me and)\b)\w+ )"
TOPIC = (
    r"(?:(?:thoughts?|feelings?|ideas?|risk|history) (?:of|about) )?(?:<SUIC>|<SELFHARM>|kil\w* (?:<SELF3>|"
    r"<YOURSELF>|oneself)|wanting to die|want to die|the wish to die|death wish|ending (?:their|your|his|"
    r"her|one s|ones) (?:own )?li(?:fe|ves)|taking (?:their|your|one s|ones) (?:own )?li(?:fe|ves)|"
    r"overdos\w*|cutting|eating disorders?|anorexia|bulimia|dark thoughts|intrusive thoughts)"
    r"(?: (?:thoughts?|ideation|ideations|feelings?|urges?|tendencies|behaviou?rs?|patients?|people|"
    r"depression|risk|attempts?|prevention|crisis|crises|survivors?))?"
)
TREAT = (
    r"(?:ketamine|esketamine|spravato|it|this|that|the treatment|this treatment|treatment|therapy|infusions?|iv|"
    r"medications?|meds|antidepressants?|ssris?|drugs?|you|your clinic|the clinic|this clinic|you guys|doctors|"
    r"clinicians|psychiatrists|therapists|people|patients?|anyone|someone|somebody|a person)"
)
# A grief mask does not apply to someone close: "my brother killed himself" stays risk. (An
# exception pattern is searched in the `within` characters before the match and may look back at
# most 64 more, engine._MARGIN; this one looks back one, for its \b.)
PERSONAL_BEFORE = r"\b(?:my|our|i lost my|we lost our) (?:\w+ ){0,3}$"

MENTION_MASKS: tuple[MentionMask, ...] = (
    # does ketamine help with suicidal thoughts / is it used for people who self-harm / can it make
    # you suicidal / ketamine for suicidal depression
    MentionMask(
        "does the treatment help with the topic",
        r"\b(?:does|do|can|could|will|would|is|are|might|may|has|have|should|was)\b (?:<NOT_I>){0,3}?<TREAT> "
        r"(?:<NOT_I>){0,3}?(?:help\w*|treat\w*|reduce\w*|work\w*|used|use|effective|good|safe|cause\w*|make|makes|"
        r"increase\w*|trigger\w*|worsen\w*|affect\w*|approved|recommended|ok|okay|suitable|offered|available|"
        r"given|lower\w*|decrease\w*|improve\w*|prevent\w*|stop\w*|lead to|link\w*|associated|studied|tested|effect\w*|"
        r"work on|benefit\w*|act\w*|relieve\w*|ease\w*|indicated|prescribed|option|an option|right)\b "
        r"(?:<NOT_I>){0,6}?<TOPIC>\b",
    ),
    MentionMask(
        "the treatment for the topic",
        r"\b(?:ketamine|esketamine|spravato|infusions?|the treatment|this treatment|treatment|therapy|it)"
        r"(?: infusions?| therapy| treatment)? (?:for|against|and|in|with|on|to treat|to help|to reduce|helps?|"
        r"treats?|reduces?) (?:<NOT_I>){0,3}?<TOPIC>\b",
    ),
    # people, patients, someone in general
    MentionMask(
        "people in general",
        r"\b(?:you|people|someone|somebody|anyone|anybody|patients?|persons?|individuals?|one|ppl|others|those|"
        r"teens|teenagers|adults|kids|children|veterans|men|women|clients?|students|users|folks|many|some|"
        r"a person|a patient|a friend|family members?|loved ones?)\b (?:who |that |which |with a history of )?"
        r"(?:are |is |were |was |have |has |had )?(?:<ADV>)(?:feel|feels|felt|feeling|become|becomes|get|gets|"
        r"getting|experienc\w*|having|has|have|had|with|struggl\w*|suffer\w*|deal\w*|at risk of|at risk for|"
        r"attempted|attempt|attempting|think\w* about|considering|contemplating|who want to|wanting to|"
        r"want to|thinking of|talk\w* about|prone to|affected by|recovering from|survived|surviving|"
        r"engag\w* in|who|are|is)\b (?:<ADV>)<TOPIC>\b",
    ),
    # definitions and general facts
    MentionMask(
        "a definition",
        r"\b(?:what|whats|what s|wat|define|definition|meaning|explain|describe|tell me about|what do you mean by|"
        r"whats the meaning of|what is the meaning of|what is the definition of)\b (?:is |are |does |do |the |a |"
        r"an |of |by |word |term |meaning of |definition of |difference between |exactly |counts as |)*"
        r"(?:<SUIC>|<SELFHARM>|unalive|kms|kys|sewer ?slide|overdos\w*|od|suicidal ideation|passive suicidal "
        r"ideation|ideation|a suicide note|a nooze|an overdose|self ?destructive|a death wish|death wish)\b"
        r"(?: mean| means| meaning| stand for| rates?| statistics| prevention| risk)?",
    ),
    # helping someone else, prevention and warning signs
    MentionMask(
        "helping someone else",
        r"\b(?:how to help|how do i help|how can i help|how (?:do|can|should|could) (?:i|we) (?:talk to|support|help|"
        r"spot|recogni[sz]e|tell if)|talk to my \w+ about|how to support|how do i support|how can i support|"
        r"resources for|hotline for|helpline for|training (?:on|in|about)|course on|prevention of|preventing|"
        r"prevent|warning signs of|signs of|risk factors for|statistics on|rates of|survivors of)\b "
        r"(?:<NOT_I>){0,4}?(?:<SUIC>|<SELFHARM>|overdos\w*|kil\w* (?:<SELF3>|oneself|<YOURSELF>)|"
        r"commit\w* suicide|took (?:their|his|her) (?:own )?li(?:fe|ves)|end\w* (?:their|his|her) (?:own )?"
        r"li(?:fe|ves)|eating disorders?)\b",
    ),
    # grief: a completed suicide or a death by overdose in the past
    # (a personal loss, "my brother killed himself", is not masked: see PERSONAL_BEFORE)
    MentionMask(
        "a death in the past",
        r"\b(?:committed suicide|died by suicide|died of suicide|"
        r"died from suicide|took (?:his|her|their) (?:own )?li(?:fe|ves)|killed (?:<SELF3>)|hanged (?:<SELF3>)|"
        r"hung (?:<SELF3>)|shot (?:<SELF3>)|ended (?:his|her|their) (?:own )?li(?:fe|ves)|died of an overdose|"
        r"died from an overdose|died of a drug overdose|overdosed and died|lost (?:his|her|their) (?:battle|"
        r"fight)|completed suicide|suicided)\b",
        keys="suic self live od die kil",
        unless_before=PERSONAL_BEFORE,
    ),
    MentionMask(
        "the suicide of someone",
        r"\b(?:a |the )?suicide (?:of|by) (?:my|his|her|their|a|the) \w+\b",
        keys="suic",
    ),
    # crisis-line and prevention vocabulary
    MentionMask(
        "crisis-line vocabulary",
        r"\b(?:suicide|crisis|self ?harm) (?:prevention|hotline|helpline|line|lifeline|awareness|survivors?|"
        r"loss|bereavement|research|statistics|rates?|risk assessment|screening|training|month|day|week|"
        r"walk|charity|organi[sz]ation|counsel\w*|support group)\b",
        keys="suic self",
    ),

)


def _idiom(mask: IdiomMask) -> Mask:
    return Mask(mask.name, frozenset(mask.keys.split()), compile_pattern(mask.pattern))


def _mention(mask: MentionMask) -> Mask:
    source = mask.pattern.replace("<NOT_I>", NOT_I).replace("<TOPIC>", TOPIC).replace("<TREAT>", TREAT)
    keys = MENTION_KEYS if mask.keys is None else frozenset(mask.keys.split())
    unless = None if mask.unless_before is None else compile_pattern(mask.unless_before)
    return Mask(mask.name, keys, compile_pattern(source), unless, mask.within)


IDIOMS: tuple[Mask, ...] = tuple(_idiom(mask) for mask in IDIOM_MASKS)
MENTIONS: tuple[Mask, ...] = tuple(_mention(mask) for mask in MENTION_MASKS)
