"""Rules: violence or abuse against the visitor (or their child), and the visitor's own intent to
hurt someone."""
from __future__ import annotations

from clinic_assistant.risk.lexical.rules.spec import HIGH, MEDIUM, V, rule

RULES = (
    # Someone else is the danger and the visitor (or their child) the target. Childhood or long-past
    # abuse ("when i was a kid") is MENTION, not a crisis. The visitor's own intent to hurt someone is
    # counted here too: the answer (911, 988, a person) is the same, and a miss could cost a life.
    rule(V, MEDIUM, "abuse",
         r"\b<PERSON> (?:<ADV>)(?:\w+ )?(?:hits|hit|hitting|beats|beat|beating|punches|punched|punching|kicks|"
         r"kicked|kicking|slaps|slapped|slapping|chokes|choked|choking|strangles|strangled|strangling|hurts|"
         r"hurt|hurting|abuses|abused|abusing|rapes|raped|raping|assaults|assaulted|assaulting|molests|"
         r"molested|molesting|attacks|attacked|attacking|threatens|threatened|threatening|stalks|stalked|"
         r"stalking|shoves|shoved|shoving|burns|burned|burnt|grabs|grabbed|grabbing|bruised|bruises|forces|"
         r"forced|forcing|touches|touched|touching|drugged|tied|ties|locks|locked|traps|trapped|beat up|"
         r"beats up|beating up|smacks|smacked|smacking|throws things at|threw things at|throws stuff at|spits on|"
         r"spat on|bites|pinned|pins|strikes|struck|whips|whipped|belts|belted|batters|battered|terrorizes|"
         r"terrorises|tortures|tortured|stabbed|stabs|shot at|shoots at|pushes|pushed|pushing|kidnapped|"
         r"isolates|controls|punished|punishes|threw|throws|dragged|drags|choke|hit|rape|sexually assaulted)"
         r" (?:<ADV>)(?:me|my (?:face|head|body|kids|children|child|son|daughter|baby|stomach|belly|neck|arm|arms|"
         r"ribs|back|throat|legs?))\b(?! (?:at|in (?:chess|cards|a game|the game|games)|to it|up|with "
         r"(?:the|a|his|her|their)? ?(?:questions|calls|texts|emails|bill|fee|charge|price|news|paperwork|facts|"
         r"truth|reality|kindness|love|compliments)|so hard with|off guard|hard emotionally|emotionally|"
         r"by surprise|to (?:go|do|try|get|see|book|call|apply|finish|eat|exercise|start|keep|take|be|come)|"
         r"into (?:therapy|going|trying|doing|seeing|booking|getting|treatment)|towards|forward|out of my "
         r"comfort|on the (?:shoulder|arm|back)|in a good way|deeply|feelings|up for|down the aisle|"
         r"with his words|with her words))", past=True),
    rule(V, HIGH, "kil abuse",
         r"\b<PERSON> (?:<ADV>)(?:\w+ ){0,2}?(?:threaten(?:ed|s|ing)?|going|gonna|gon|is going|will|wil|wants?|"
         r"wanted|trying|tried|try|promised|swore|swears|said (?:he|she|they)(?:d| would| will| is going| was "
         r"going)|says (?:he|she|they)(?:ll| will| is going| s going| are going| re going)?|is gonna|about|"
         r"might|could|is coming|s coming|came|come) (?:to )?(?:<ADV>)(?:kil|murder|shoot|stab|strangle|choke|"
         r"drown|poison|hurt|beat|burn|rape|hit|attack|break|cut|smother|run over|beat up|get) (?:me|us|my "
         r"(?:kids|children|son|daughter|baby|family|child|dog|cat)|my life)\b"
         r"(?!(?: \w+){0,6} (?:late|forget\w*|forgot|miss\w*|spend\w*|spent|bill|bills|price|cost|costs|money|"
         r"eat\w*|lol|haha\w*|lmao|joking|kidding|jk)\b)(?! (?:hard|emotionally|with (?:kindness|love)))"),
    rule(V, HIGH, "abuse kil",
         r"\bthreaten(?:ed|s|ing)? (?:to )?(?:<ADV>)(?:kil|murder|shoot|stab|hurt|beat|rape|burn|strangle|choke|"
         r"take my kids|take the kids) (?:me|us|my)\b|\b(?:tried|trying|try) to (?:kil|strangle|choke|drown|"
         r"smother|poison|stab|shoot|run over|suffocate) (?:me|us)\b"),
    rule(V, MEDIUM, "fear",
         r"\b(?:not|dont feel|do not feel|never feel|dont|arent|isnt|no longer|doesnt feel|don t feel|never) "
         r"(?:<ADV>)(?:feel )?(?:<ADV>)safe (?:at home|in (?:my|our|the) (?:own )?(?:home|house|apartment|flat|"
         r"room|relationship|family|bed)|with (?:him|her|them|my \w+)|around (?:him|her|them|my \w+)|living "
         r"with|anymore|at night|in my own home|going home|near (?:him|her|them))\b"),
    rule(V, MEDIUM, "fear",
         r"\b(?:im|i am|i m|we re|we are|were|i dont think im|i dont think i am|i feel) (?:<ADV>)not safe\b"
         r"(?! (?:to drive|driving|to be driving|behind the wheel|to work|to take|with (?:ketamine|the treatment|"
         r"my meds)|for (?:ketamine|the treatment|this|infusions?)|candidates?|candidate))"),
    rule(V, MEDIUM, "fear",
         r"\b(?:scared|afraid|terrified|frightened|fearful|in fear|fear|fearing|scared to death) (?:of|for) (?:<ADV>)"
         r"(?:my life|my safety|my kids safety|my childrens safety|(?:him|her|them)(?! getting| being)|"
         r"my (?:partner|husband|wife|boyfriend|girlfriend|bf|gf|ex|dad|father|mom|mother|stepdad|stepfather|"
         r"brother|roommate|landlord|spouse|fiance|fiancee|son|uncle|parents|family|neighbou?r|boss)"
         r"(?! (?:getting|being|finding out|reaction|judging|knowing)))\b"),
    rule(V, MEDIUM, "fear",
         r"\b(?:scared|afraid|terrified|frightened) (?:to|of) (?:go|going) (?:back )?home\b(?! (?:after|alone after|"
         r"by myself after|from the infusion))|\b(?:scared|afraid|terrified) (?:he|she|they|my \w+) (?:will|"
         r"wil|is going to|might|would|d) (?:kil|hurt|hit|beat|find) me\b"),
    rule(V, MEDIUM, "violent",
         r"\b(?:im|i am|i m|i live|living|stuck|trapped|been|i was|i have been|i ve been) (?:<ADV>)(?:in|with) "
         r"(?:an? )?(?:abusive|violent|dangerous|toxic and abusive|controlling and abusive) (?:\w+)\b|"
         r"\bmy (?:abusive|violent) (?:\w+)\b|\bdomestic (?:violence|abuse) (?:at home|is happening|situation)\b|"
         r"\b(?:victim of|suffering|experiencing|going through|living with) domestic (?:violence|abuse)\b",
         past=True),
    rule(V, MEDIUM, "victim",
         r"\b(?:im being|i am being|i m being|i was|i got|ive been|i ve been|i have been|i been|been|getting|being|"
         r"i keep getting|i just got|i just been|i just was|i get|i was being|i got myself|was|got) (?:<ADV>)"
         r"(?:being |been |getting |get )?(?:abused|"
         r"hit|beaten|beaten up|beat up|raped|sexually assaulted|assaulted|molested|attacked|stabbed|shot|"
         r"strangled|choked|threatened|stalked|trafficked|kidnapped|held hostage|held captive|mugged|jumped|"
         r"groomed|drugged|punched|kicked|slapped|strangled|date raped|roofied|spiked)\b"
         r"(?! (?:by (?:the|a|my|this|that|these) (?:bill|fees?|price|side effects?|news|reality|traffic|"
         r"insurance|anxiety|depression|panic|wave|fatigue|ball|car door)|with (?:\w+ ){0,3}(?:bill|fee|charge|"
         r"news|wave|side effects?|fatigue|questions|price|cost|invoice|fine|ticket|reality|truth)|on (?:the )?"
         r"(?:bandwagon|a call|the phone|board)|hard|down|out (?:\w+ ){0,3}(?:in|at) (?:bjj|jiu ?jitsu|judo|mma|"
         r"wrestling|practice|training|class|sparring|rolling)|by anxiety|by (?:my )?"
         r"anxiety|up|into|back|at (?:work|school) by (?:the|a) (?:ball|door)|a (?:bill|fee)|again by|"
         r"by a (?:wave|ball)|in (?:the )?(?:face|head) by a (?:ball|door)|by lightning|today by the))",
         past=True),
    rule(V, MEDIUM, "follow",
         r"\b(?:someone|somebody|a man|a guy|a stranger|he|she|they|my ex|people|a woman|this guy|this man)"
         r" (?:<ADV>)(?:is|s|are|keeps|has been|have been|been|was|were|re) (?:<ADV>)(?:following|stalking|"
         r"watching|outside|waiting outside|trying to (?:get|break) in|breaking in|broke in|banging on|"
         r"threatening)\b(?: (?:me|my (?:house|home|door|apartment|window|car|flat)|the (?:door|house|window)))?"
         r"(?! (?:on (?:instagram|social|twitter|tiktok|facebook|youtube|insta|ig|x)|my (?:advice|instructions|"
         r"lead|example|progress|blog|account|posts?)|the (?:rules|instructions|news|game|protocol|"
         r"guidelines)|(?:a |the )?(?:tv|movie|show|news|film|game|series)|along|up|through|closely|"
         r"me on))"),
    rule(V, HIGH, "follow",
         r"\b(?:someone|somebody|a man|a guy|people|they|he|she|a stranger|my ex|intruder|burglar)s? (?:is |s |are |"
         r"just |has |have |re )?(?:trying to )?(?:break(?:ing)? in(?:to)?|broke in(?:to)?)\b|"
         r"\b(?:held against my will|wont let me (?:leave|go|out)|will not let me (?:leave|go)|locked me (?:in|up)|"
         r"holding me (?:hostage|captive|prisoner)|kidnapped me|i ve been kidnapped|ive been kidnapped|"
         r"being trafficked|im being held|i am being held|has a gun to my|pointing a gun at me|"
         r"pointed a gun at me|has a knife to my|held a knife to my|came at me with a)\b"),
    rule(V, MEDIUM, "victim",
         r"\b(?:my|our) (?:kid|kids|child|children|son|daughter|baby|toddler|little (?:boy|girl)) (?:is|are|s|was|"
         r"were|has been|have been|got|gets|keeps getting) (?:<ADV>)(?:being )?(?:abused|hit|beaten|molested|"
         r"hurt by|raped|touched|assaulted|groomed|threatened)\b"),
    rule(V, MEDIUM, "kil abuse",
         r"\b<INTENT> (?:<ADV>)(?:kil|murder|shoot|stab|strangle|choke|poison|hurt|beat up|run over|attack|"
         r"smother|strangle|drown) (?:him|her|them|someone|somebody|people|everyone|everybody|my (?:\w+ )?"
         r"(?:partner|husband|wife|boyfriend|girlfriend|ex|dad|father|mom|mother|brother|sister|son|daughter|"
         r"kids|baby|boss|coworker|neighbor|neighbour|roommate|family|children|child|teacher|parents|"
         r"therapist|doctor)|a (?:person|man|woman|kid|child|cop)|people at \w+|my ex)\b"
         r"(?! (?:in|at|on) (?:the )?(?:game|chess|cards|checkers|tennis)|lol|haha\w*|lmao|if (?:he|she|they) "
         r"(?:dont|doesnt|forget|eat|touch|take))", neg=True),
    rule(V, HIGH, "abuse",
         r"\bshoot up (?:the|my|a|this|that) (?:school|office|workplace|church|mall|class|classroom|store|"
         r"mosque|synagogue|temple|concert)\b"),
)
