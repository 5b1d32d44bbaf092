"""Context patterns: what the words around a match, or the whole message, change.

Negation right before a match ("not going to"), a hypothetical question before an overdose ("what if
i took"), imminence anywhere ("tonight", "a rope"), childhood or the past ("when i was a kid"), and
the shape of a question about others ("why do people ...", no "i" or "me" in it).
"""
from __future__ import annotations

from clinic_assistant.risk.lexical.patterns import compile_pattern

# A negation directly before a negatable match: "i dont (really) want to", "not going to",
# "never", "no chest pain". "cant" is not a negation here: "i cant kill myself because of my
# kids" still carries risk. At most two filler words may sit between.
NEG_TAIL = compile_pattern(
    r"\b(?:dont|do not|doesnt|does not|didnt|did not|never|not|wont|will not|wouldnt|would not|shouldnt|"
    r"should not|isnt|is not|am not|im not|arent|are not|aint|no longer|nor|neither|no intention (?:of|to)|"
    r"no plans? (?:to|of)|no desire to|no urge to|no wish to|no|without|free of|free from|deny|denies|"
    r"denied|ruled out|rule out|promise not to|promised not to|stopped|zero|havent|hasnt|hadnt|"
    r"never ever|not at all|absolutely not|definitely not|no way|dont ever|no history of|never had|"
    r"never been|am no longer|not currently|not actively|none)"
    r" (?:(?:really|ever|even|actually|truly|honestly|necessarily|exactly|seriously|at all|want|wanna|"
    r"want to|plan|plan to|planning to|intend to|mean to|going to|gonna|feel|feeling|feel like|think|"
    r"thinking|thinking about|have|had|having|experienced|experiencing|get|getting|any|current|active|"
    r"currently|been|be|consider|considering|about|of|to|with|a|an|the|suffer from|suffering from|"
    r"ever had|signs of|try to|trying to|ever been|recently|lately|anymore|have any|had any|got any|"
    r"report|reported|reporting|feel any|really have|want to ever|ever want to) ){0,3}$"
)

# "what if i took all my pills": a question; the method rules decide, not the overdose rules.
HYPOTHETICAL = compile_pattern(
    r"\b(?:if|what if|suppose|imagine|supposing|in case|should|would|could|can|will|wil|might|may|does|do|"
    r"happens if|happen if|is it ok to|is it safe to|when) (?:i |you |u |someone |somebody |one |a person |people |"
    r"he |she |they |my \w+ )?(?:<ADV>)$"
)

# Words that make any risk "high": a plan, a method, a time, a place, within IMMINENT_WINDOW
# characters of the risk (about 30 words each side: all of a chat message).
IMMINENT_WINDOW = 160
IMMINENT = compile_pattern(
    r"\b(?:tonight|right now|rn|today|this (?:morning|evening|afternoon|weekend|week|time)|tomorrow|"
    r"going to|gonna|about to|bout to|ready to|plan|plans|planned|planning|planing|decided|goodbye\w*|farewell|"
    r"notes?|letters?|"
    r"pills?|tablets|overdos\w*|bridge|rope|nooze|gun|pistol|rifle|shoot|shot|stabbed|hang\w*|jump\w*|razor|"
    r"blades?|knife|wrists?|bleach|poison\w*|train|tracks|ledge|roof|cliff|gas|exhaust|monoxide|"
    r"stockpil\w*|hoard\w*|saving up|saved up|bottle|whole|entire|lethal|fatal|method|methods|"
    r"loaded|weapon|last time|final|for good|once and for all|countdown|this is it|(?<!kil me )now)\b"
)

# Messages this short that name suicide or self-harm are treated as risk ("suicidal", "self harm
# help", "suicide?"): with so few words nothing says it is only a topic.
SHORT_TOPIC_WORDS = 4

TOPIC_QUESTION = compile_pattern(
    r"\b(?:what|whats|why|how|define|definition|meaning|mean|means|rate|rates|statistics|stats|prevention|"
    r"awareness|month|day|week|squad|doors?|is|are|does|do|can|could|should|ketamine|treatment|help with|"
    r"facts|research|history|policy|signs|warning|hotline|line|number|crisis line|not|never|no|dont|"
    r"wasnt|isnt|former|past|movie|film|book|song|lyrics|band|game)\b"
)

# Abuse in childhood or long past is MENTION, not a crisis.
PAST_CONTEXT = compile_pattern(
    r"\b(?:as a (?:child|kid|teen|teenager|little girl|little boy|young \w+|baby|toddler|student)|when i "
    r"was (?:a (?:child|kid|teen|teenager|little|baby|student)|young|little|younger|small|in school|\d+)|"
    r"in my childhood|growing up|years ago|childhood|in the past|used to|decades ago|long time ago|"
    r"long ago|back then|my ex (?:used to|did)|previous relationship|past relationship|former)\b"
)

# A question about others or the topic in general: how it starts, polite "me"s that do not count,
# and the first person that does.
QUESTION_START = compile_pattern(
    r"^(?:(?:so|and|but|ok|okay|hi|hello|hey|please|um|also|just|quick question|question) )*(?:what|whats|why|how|"
    r"when|where|who|whom|whose|which|is|are|was|were|does|do|did|can|could|should|would|will|has|have|had|may|"
    r"might|isnt|arent|doesnt|dont|didnt|cant|wont|explain|define|describe|according to|in what|in which|at what)\b"
)

POLITE_ME = compile_pattern(
    r"\b(?:(?:can|could|would|will) you (?:please )?)?(?:tell|give|show|explain to|help) me(?: understand)?\b|"
    r"\bi (?:wonder|was wondering|am wondering|m wondering)(?: if| whether| why| how| what)?\b|\bi (?:mean|guess)\b"
)

FIRST_PERSON = compile_pattern(r"\b(?:i|im|ive|id|il|i m|i ve|i d|i l|me|my|mine|myself|meself)\b")

# A mention mask match is about overdose when it names one and nothing of suicide or self-harm.
OD_WORDS = compile_pattern(r"overdos|\bod\b|lethal|poison|toxic")

SH_WORDS = compile_pattern(r"<SUIC>|<SELFHARM>|kil|die|dying|unaliv|cut|eating|anorex|bulimi|life|lives")
