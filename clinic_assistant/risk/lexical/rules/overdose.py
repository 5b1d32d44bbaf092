"""Rules: overdose and poisoning, already taken."""
from __future__ import annotations

from clinic_assistant.risk.lexical.rules.spec import HIGH, MEDIUM, O, rule

RULES = (
    # Past or present tense: "i took a whole bottle of pills", "took too many", "swallowed bleach".
    # The future ("going to take all my pills") is a suicide plan, listed above.
    rule(O, HIGH, "quant & take od pill",
         r"\b(?:took|taken|swallowed|swallowing|downed|popped|ate|eaten|had|consumed|ingested|chugged|"
         r"injected|shot up|snorted|used|overdosed on|od d on|od on|just took|just swallowed|(?:im|i am|i m|"
         r"currently|right now im|right now i m) (?:<ADV>)(?:taking|swallowing|downing|popping)) (?:<ADV>)<QUANT> "
         r"(?:of )?(?:my |the |his |her |their |these |those |mom s |moms |"
         r"mums |dad s |dads |our |some )?(?:\w+ ){0,2}?(?:<PILLS>|bottle|pack|packet|box|blister|strip|"
         r"container|jar|prescription|supply|stash|dose|doses|doses of)\b", neg=True),
    rule(O, HIGH, "quant & take pill",
         r"\b(?:took|taken|swallowed|had|ate|downed|popped|used|injected|snorted|consumed|ingested|taking|"
         r"swallowing) (?:<ADV>)(?:way )?too (?:many|much)\b(?! (?:time|effort|energy|space|money|damage|risks?|"
         r"notice|care|stress|work|responsibility|on|off|pride|shit|days|leave|vacation|coffee|caffeine|sugar|"
         r"sun|for granted|personally|to heart|weight|notes|photos|pictures|selfies|classes|courses|shifts|"
         r"breaks|naps))", neg=True),
    rule(O, HIGH, "quant & take pill",
         r"\b(?:took|downed|swallowed|had|drank|chugged|ate|popped|taken|finished) (?:\w+ ){0,6}?(?:and|with|plus|then|"
         r"along with) (?:<QUANT>) (?:of )?(?:my |the |some |her |his )?(?:\w+ )?<PILLS>\b", neg=True),
    rule(O, HIGH, "od",
         r"\b(?:i|ive|i have|im|i am|i m|i ve|just|think i|think ive|may have|might have|i may have|i might have|"
         r"accidentally|he|she|they|friend|my \w+|someone|somebody|who|he s|she s|theyve|hes|shes|i think i)"
         r" (?:<ADV>)(?:overdosed|od d|oded|odd|overdosing|oding|od ing|have overdosed|has overdosed|is overdosing|"
         r"s overdosing|are overdosing|am overdosing|od)\b<OD_NOT>", neg=True),
    rule(O, HIGH, "poison & take",
         r"\b(?:drank|drink|drinking|swallowed|swallow|swallowing|ate|eat|eaten|eating|ingested|ingest|took|taken|"
         r"had|consumed|chugged|chug|sipped|inhaled|huffed|sniffed|injected|inject|downed|poured) (?:<ADV>)"
         r"(?:some |a (?:lot|bunch|cup|glass|bottle|mouthful|sip|capful|bit|whole bottle|jug) of |the |a |an |my |"
         r"too much |half a bottle of |a whole bottle of |some of the )?(?:\w+ )?<POISONS>\b"
         r"(?! (?:smell|fumes? (?:while|when)|while cleaning|cleaning the))", neg=True),
    rule(O, HIGH, "poison", r"\bpoison(?:ed|ing)? (?:<ME>|me)\b|\b(?:ive|i have|i ve|i) (?:been|was|got) poisoned\b",
         neg=True),
    rule(O, HIGH, "kid & take & pill poison",
         r"\b(?:my|our|the|a) (?:\w+ )?(?:kid|kids|child|children|son|daughter|baby|toddler|friend|brother|sister|"
         r"mom|mum|dad|mother|father|husband|wife|partner|roommate|grandma|grandpa|boyfriend|girlfriend)"
         r" (?:<ADV>)(?:ate|swallowed|drank|took|got into|has eaten|has swallowed|has taken|may have eaten|"
         r"may have swallowed|may have taken|might have swallowed|just ate|just swallowed|just drank|is eating|"
         r"chewed) (?:\w+ ){0,3}?(?:<PILLS>|<POISONS>|pods?|cleaner|poison|chemicals?|medicine|vape juice|"
         r"e ?liquid|nicotine|cannabis|weed)\b"),
    rule(O, MEDIUM, "double & pill",
         r"\b(?:took|taken|had|given|gave|accidentally took|accidentally taken|double dosed|doubled) (?:<ADV>)"
         r"(?:my|the|a|his|her|an|their)? ?(?:\w+ )?(?:dose|doses|medication|meds|pills?|insulin|tablets?) "
         r"(?:twice|two times|three times|again by accident|by mistake|double)\b|\b(?:took|taken|had|given|"
         r"accidentally took) (?:a |an )?(?:double|triple|extra) (?:dose|doses|dosage)\b|\bdouble dosed\b|"
         r"\bdoubled (?:up )?(?:on )?my (?:dose|meds|medication)\b"),
    rule(O, MEDIUM, "poison",
         r"\b(?:drank|had|chugged|downed|finished) (?:<ADV>)(?:a whole|an entire|two|three|a full|half a|the whole)"
         r" (?:bottles?|fifth) of (?:vodka|whiskey|whisky|gin|rum|tequila|liquor|alcohol|wine|jack)\b"),
    rule(O, HIGH, "mix",
         r"\b(?:mixed|mixing|combined|combining) (?:<ADV>)(?:\w+ ){0,3}?(?:<PILLS>|alcohol|booze|vodka) (?:with|and) "
         r"(?:\w+ ){0,3}?(?:<PILLS>|alcohol|booze|vodka|wine|beer|drinks)\b(?: (?:on purpose|to die|to sleep "
         r"forever|so i dont wake up))"),
)
