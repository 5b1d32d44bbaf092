"""Rules: suicide methods (naming the person, places, weapons, pills) and questions about methods."""
from __future__ import annotations

from clinic_assistant.risk.lexical.rules.spec import HIGH, MEDIUM, S, rule

RULES = (
    # methods that name the person: "hang myself", "shoot myself", "drown myself"
    rule(S, HIGH, "self",
         r"\b(?:hang|hanging|hanged|hung|shoot|shooting|shot|stab|stabbing|stabbed|drown|drowning|drowned|poison|"
         r"poisoning|poisoned|suffocate|suffocating|suffocated|strangle|strangling|strangled|gas|gassing|"
         r"electrocute|electrocuting|overdose|overdosing|immolate|immolating|asphyxiate|smother|smothering|"
         r"choke|choking|knife|knifing|rope|roping) ?<ME>\b", neg=True),
    rule(S, MEDIUM, "self",
         r"\b(?:burn|burning|burned|burnt|cut|cutting|cuts|slice|slicing|hurt|hurting|hurts|harm|harming|injure|"
         r"injuring|injured|mutilate|mutilating|punish|punishing|scratch|scratching|carve|carving|bruise|"
         r"bruising|hit|hitting|punch|punching|bite|biting|starve|starving|starved|abuse|abusing|beat|beating|"
         r"bleed|bleeding|scar|scarring|torture|torturing|destroy|destroying|whip|whipping) ?<ME>\b", neg=True),
    rule(S, HIGH, "self", r"\bset (?:<ME>|me) (?:on )?(?:fire|alight|ablaze)\b", neg=True),
    rule(S, HIGH, "jump",
         r"\bjump\w* (?:off|from|of|out of|out|in front of|infront of|into|before|under) (?:<ADV>)(?:a |the |this |"
         r"that |"
         r"my |our |an |some )?(?:\w+ )?(?:bridge|building|roof|rooftop|cliff|balcony|window|train|bus|car|truck|"
         r"ledge|overpass|parking garage|car park|tower|highway|freeway|motorway|traffic|subway|metro|tracks|"
         r"skyscraper|high ?rise|apartment|hotel|dam|waterfall|floor|story|storey|lorry|platform|height)\b",
         neg=True),
    rule(S, HIGH, "place",
         r"\b(?:step|stepping|stepped|walk|walking|walked|throw|throwing|threw|lay|lie|lying|laying|run|running|"
         r"ran|jump|jumping|fall|falling|dive|diving) (?:<ME> )?(?:out )?(?:in ?front of|under|into|onto|on|"
         r"across) (?:a |the |an |some )?(?:oncoming |moving |speeding |passing )?(?:train|bus|car|truck|"
         r"traffic|lorry|subway|tracks|railway|railroad|highway|freeway|motorway)\b(?! (?:station|stop|"
         r"ticket|schedule|to get|to the clinic|to work|home))", neg=True),
    rule(S, HIGH, "place",
         r"\b<INTENT> (?:<ADV>)(?:drive|driving|crash|crashing|steer|swerve|swerving|run|ram|wrap) (?:my car |the car |"
         r"it |my truck |my bike |<ME> )?(?:<ADV>)(?:into|off|in front of|under) (?:a |the |an |some |oncoming )?"
         r"(?:tree|wall|bridge|cliff|traffic|truck|pole|river|lake|ocean|sea|overpass|pillar|barrier|road|"
         r"train|lorry|bus)\b", neg=True),
    rule(S, HIGH, "place",
         r"\b(?:drive|driving|drove|crash|crashing|crashed|steer|swerve|swerving|swerved|ram|rammed) (?:my car |"
         r"the car |it |my truck )?(?:into|off) (?:\w+ ){1,4}(?:on purpose|deliberately|intentionally)\b"),
    rule(S, HIGH, "hang",
         r"\b(?:rope|nooze|ligature|belt|cord|cable|scarf) (?:<ADV>)(?:around|round|on|to|over) (?:my|me) neck\b|"
         r"\b(?:tie|tied|tying|make|made|making|bought|buy|buying|got|get|have|has|prepared|hung|hang|hanging|"
         r"set up|setting up) (?:a |the |my |some |up a |up the )?(?:nooze|rope to|rope for|ligature)\b|\bnooze\b|"
         r"\b(?:bought|buy|buying|got|get|have|found) (?:a |some |the )?(?:strong |thick |long )?rope<EOC>"),
    rule(S, HIGH, "weapon",
         r"(?<!has a )(?<!had a )(?<!held a )(?<!holds a )(?<!holding a )(?<!pointed a )(?<!pointing a )(?<!put a )"
         r"\b(?:gun|pistol|revolver|rifle|shotgun|barrel|knife|blade|razor|razor blade|glass|bullet) (?:<ADV>)(?:to|in|"
         r"against|into|on|at|near|across|under) (?:my|me) (?:head|mouth|temple|chin|throat|neck|wrists?|chest|"
         r"heart|skin|arms?|thighs?|legs?|stomach|face|veins?)\b"),
    rule(S, HIGH, "weapon", r"\bblow (?:my|me) (?:brains|head) (?:out|off)\b|\b(?:bullet|bullets) (?:in|into|through) "
                            r"my (?:head|brain|skull)\b"),
    rule(S, HIGH, "cut",
         r"\b(?:slit|slice|slash|slitting|slicing|slashing|cut|cutting|open|opening|carve|carving|hack|hacking|"
         r"gash|gashing) (?:open )?(?:my|both (?:of )?(?:my )?|me) (?:<ADV>)(?:wrists?|throat|veins?|arteries|artery|"
         r"jugular)\b|\b(?:slit|slash|slitting|slashing) (?:<ANYSELF>|wrists|throats?|veins)\b"),
    rule(S, MEDIUM, "cut",
         r"\b(?:slice|slash|slicing|slashing|cut|cutting|carve|carving|hack|hacking|gash|gashing|burn|burning|"
         r"scratch|scratching) (?:into |open )?(?:my|me) (?:<ADV>)(?:arms?|forearms?|thighs?|legs?|stomach|skin|"
         r"belly|hips?|ankles?|wrists?|body|chest|flesh)\b(?! (?:on (?:a|the)|by accident|accidentally|while "
         r"cooking|shaving|in the kitchen|with a (?:kitchen|bread))|\w)", neg=True),
    rule(S, HIGH, "weapon",
         r"\b(?:exit bag|helium (?:hood|bag|tank to)|charcoal (?:burning|grill|bbq) in|hose (?:from|to|into) the "
         r"exhaust|"
         r"(?:engine|car) running in (?:the|my) (?:garage|closed garage)|carbon monoxide (?:to|poisoning myself|"
         r"and die|in my car))\b"),
    rule(S, MEDIUM, "self", r"\b(?:want to|wana|going to|gona|gon|about to|ready to|should just|might just|wil just|"
         r"just want to|plan to|planing to|decided to|thinking of|thinking about) of (?:<ME>|me)\b", neg=True),
    rule(S, HIGH, "place",
         r"\b(?:standing|stood|sitting|sat|perched|climbing|climbed|im|i am|i m|up) (?:on|at|onto|over) (?:the |a |"
         r"this |that )?"
         r"(?:top of (?:the |a )?|edge of (?:the |a )?)?(?:bridge|ledge|roof|rooftop|cliff|tracks|railway|railroad|"
         r"overpass|balcony railing|railing of|top of the building|parapet)\b(?! (?:club|bar|restaurant|terrace|"
         r"party))"),
    rule(S, HIGH, "self",
         r"\b(?:use|used|using|turn|turning) (?:it|this|that|the knife|a knife|the razor|the blade|the gun|a gun|them|"
         r"the pills|the rope|my gun) (?:on|against) <ME>\b", neg=True),
    rule(S, MEDIUM, "cut", r"\b(?:im|i am|i m|ive been|i was) (?:<ADV>)(?:a )?cuter\b"),
    rule(S, MEDIUM, "cut harm self ed",
         r"\b(?:cant|can not|cannot|trying to|try to|want to|urges? to|struggling to|unable to) (?:<ADV>)stop (?:<ADV>)"
         r"(?:cutting|<SELFHARM>|self harming|burning <ME>|hurting <ME>|purging|starving <ME>|scratching <ME>)\b"),
    rule(S, MEDIUM, "reason",
         r"\b(?:dont|do not|cant|can not|cannot|no longer|doesnt) (?:<ADV>)see (?:the|a|any) (?:point|reason|purpose|"
         r"use) "
         r"(?:in|of|to|for) (?:<ADV>)(?:living|life|go on|going on|being alive|existing|carrying on|staying alive|"
         r"waking up|keep going|anything anymore|continuing|being here)\b"),
    rule(S, HIGH, "enough & pill",
         r"\b(?:<QUANT>|<NUM>) (?:\w+ ){0,2}?<PILLS> (?:be |is |are |would be |will be )?enough to (?:<ADV>)(?:die|kil|"
         r"end|"
         r"od|overdose|not wake up)\b"),
    # intent + method: "going to take all my pills", "want to overdose", "want to jump"
    rule(S, HIGH, "quant & pill",
         r"\b<STRONG_INTENT> (?:<ADV>)(?:take|taking|swallow|swallowing|down|downing|eat|chug|use|pop|popping|"
         r"overdose on|od on|snort|inject|mix) (?:<ADV>)<QUANT> (?:of )?(?:my |the |these |those |her |his |our |mums |"
         r"moms |dads )?(?:\w+ ){0,2}?(?:<PILLS>|bottle|pack|packet|box|prescription|supply|stash)\b"
         r"(?! (?:with me|to (?:the|my|your|our) \w+|in the morning|at night|every day|daily|as prescribed|"
         r"before|after|on time|like|for (?:the|my) (?:trip|week|appointment)))", neg=True),
    rule(S, HIGH, "od", r"\b<INTENT> (?:<ADV>)(?:overdose|od|o d|overdos\w*)\b", neg=True),
    rule(S, HIGH, "jump self",
         r"\b<INTENT> (?:<ADV>)(?:jump|leap|throw <ME>|fling <ME>|hurl <ME>)(?: off| from|$|\.|\?| out| in "
         r"front)", neg=True),
    rule(S, HIGH, "hang",
         r"\b(?:<INTENT>|(?:<ADV>)time to) (?:<ADV>)(?:rope|hang|get the rope|find a rope|buy a rope)\b"
         r"(?! (?:in|into|out|up|around|on|a |the |my |pictures?|paintings?|shelves|curtains|out with|"
         r"with))", neg=True),
    rule(S, HIGH, "weapon",
         r"\b<INTENT> (?:<ADV>)(?:get|buy|use|find|grab|borrow|load) (?:a |my |the |his |her |dads )?(?:gun|pistol|"
         r"rifle|shotgun|firearm|rope|knife|razor|razor blades?|blades?) (?:to|and) (?:<ADV>)(?:end|kil|shoot|"
         r"hang|cut|die|do it|finish)\b"),
    # methods asked about: "how many pills would it take", "easiest way to die", "lethal dose"
    rule(S, HIGH, "much",
         r"\bhow (?:many|much) (?:\w+ ){0,3}?(?:<PILLS>|mg|milligrams|grams|units|doses|of (?:it|this|these|them|"
         r"my \w+|\w+ pills|\w+))(?: \w+){0,4}? (?:would|will|does|do|to|should|could|can|it takes|it would take|"
         r"is|are|would it|does it|will it|might|must)(?: \w+){0,3}? <LETHAL>\b"),
    rule(S, HIGH, "much",
         r"\bhow (?:many|much) (?:\w+ ){0,2}?<PILLS> (?:would|will|does|could|might) (?:it |i |you |one )?"
         r"(?:take|need|have to take|need to take|need to swallow|have to swallow)\b(?=\s*(?:[.?]|$|to (?:die|"
         r"od|overdose|kil|end|not wake)))"),
    rule(S, HIGH, "lethal od kil pulse",
         r"\b(?:lethal|fatal|deadly|killing|overdose|od|toxic lethal) (?:<ADV>)(?:dose|doses|dosage|amount|quantity|"
         r"threshold|limit|number|level)\b|\b(?:dose|amount|quantity|number of pills|many pills|much \w+) (?:that|"
         r"which|it)? ?(?:would|will|could|can|to|is|it takes to|needed to) (?:<ADV>)(?:kil|be lethal|be fatal|"
         r"be deadly|stop (?:my|the|your|a) heart)\b"),
    rule(S, HIGH, "adj & way & die kil end suic od hang unal wake cut self goon disap live breath",
         r"\b(?:easiest|easy|easier|quickest|quick|quicker|fastest|fast|best|surest|sure|simplest|simple|"
         r"most painless|painless|painlessly|least painful|less painful|pain free|pain-free|gentlest|gentle|"
         r"peaceful|most peaceful|quiet|quietest|reliable|most reliable|effective|most effective|efficient|"
         r"guaranteed|certain|clean|cleanest|humane|most humane|good|better|fool ?proof|successful|cheapest|"
         r"cheap|instant|fastest acting|quick acting|best|proper|right|correct|safest|least messy|less messy|"
         r"surefire|sure fire) (?:<ADV>)(?:way|ways|method|methods|means|option|options|technique|techniques|how|"
         r"place|places|spot|spots|location|drug|drugs|pills?|poison|dose|way out|exit|route|bridge|building|"
         r"height|city|country|state|cliff)(?: \w+){0,4}? (?:to|of|for|i could|i can|that i could|to just) "
         r"(?:<ADV>)(?:die|dying|kil (?:<ANYSELF>|someone|oneself)|kiling (?:<ANYSELF>|oneself)|"
         r"end (?:my|it|it all|your|one s|ones|a|their|his|her) ?(?:life|all|lives)?|ending (?:my|it|your|one s|"
         r"ones|a|their) ?(?:life|all)?|commit suicide|commiting suicide|suicide|check out|od|overdose|"
         r"overdosing|hang (?:<ANYSELF>)|drown (?:<ANYSELF>)|unalive\w*|not wake up|never wake up|jump to (?:my|"
         r"your) death|cut (?:<ANYSELF>|my wrists|your wrists|deep)|bleed out|off (?:<ANYSELF>)|"
         r"go(?=\s*(?:[.?]|$| forever| peacefully| out| quietly| in my sleep| for good))|pass away|"
         r"pass(?=\s*(?:[.?]|$))|disappear forever|stop living|stop breathing|sleep forever|leave this world|"
         r"end things|exit life|exit this world|not exist)\b"),
    rule(S, HIGH, "self live end od",
         r"\bhow (?:do|does|did|can|could|would|should|might|will|to|must|am|is|are|would one|does one|can one|"
         r"do you|can you|could you|would you|do people|can people|do i|can i|should i|could i|would i) "
         r"(?:i |you |u |one |someone |somebody |a person |people |a human |a man |a woman |anyone |we |they |ppl )?"
         r"(?:<ADV>)(?:go about |best )?(?:kil|kiling|hang|hanging|drown|drowning|poison|poisoning|shoot|shooting|"
         r"suffocate|suffocating|strangle|electrocute|starve|overdose|od|unalive|off|cut|cutting|slit|burn|"
         r"harm|hurt|injure|end|ending|take|stab|asphyxiate|gas|smother) (?:<ANYSELF>|my own life|your own life|"
         r"their own lives|their own life|one s own life|ones own life|my life|your life|their lives|"
         r"their life|his life|her life|it all|on \w+|<ME> with|a life|oneself)\b"
         r"(?! (?:back|over|away|in|to|from|into|for good reasons?))"),
    rule(S, HIGH, "suic kil self cut hang od die live unal disap wake pulse",
         r"\b(?:how|ways?|methods?|means|instructions|tips|steps|guide|tutorial|advice|best way|easiest way|"
         r"quickest way) (?:to|for|of|on|on how to) (?:<ADV>)(?:commit(?:ing)? suicide|suicide(?! (?:prevention|"
         r"awareness|risk|rates?|hotlines?|lines?|survivors?|loss|grief|statistics|research|warning|signs|"
         r"assessment|screening|support|helpline|help|crisis|thoughts?|ideation))|kil(?:ing)? (?:<ANYSELF>)|"
         r"self ?harm(?:ing)?(?! (?:help|support|prevention|recovery|awareness))|cut(?:ing)? (?:<ANYSELF>|deep|"
         r"deeper|my wrists|your wrists)|hang(?:ing)? (?:<ANYSELF>)|tie a nooze|tying a nooze|make a nooze|"
         r"overdos(?:e|ing)(?! (?:prevention|awareness|reversal|symptoms|signs|treatment|help))|od|slit(?:ing)? "
         r"(?:wrists|my wrists|your wrists|veins|throats?)|die(?! (?:down|hard|in (?:minecraft|the game)))|"
         r"dying(?! (?:of|from|down))|end (?:my|your|one s|ones|a|their) (?:own )?life|unalive|disappear forever|"
         r"not wake up|never wake up|stop my heart)\b"),
    rule(S, HIGH, "suic", r"\bsuicide (?:methods?|techniques?|instructions|guide|tutorial|tips|ways|kit|bag|forums?|"
                          r"pact|"
                          r"hotspots?|spots?|bridge|how to)\b"),
    rule(S, HIGH, "die od hang method",
         r"\bhow (?:long|much time|quickly|fast)(?: \w+){0,4}? (?:to )?(?:die|bleed out|bleed to death|suffocate|drown|"
         r"pass out and die|lose consciousness from hanging|hang|starve to death|od|overdose|die from|die of|"
         r"die after)\b(?! (?:down|off|out))"),
    rule(S, HIGH, "method die od place",
         r"\b(?:does|would|will|is|do|are) (?:it )?(?:dying|drowning|hanging|bleeding out|jumping|an overdose|"
         r"overdosing|suffocating|suffocation|being hit by a train|slitting|shooting yourself|shooting myself|"
         r"death by \w+|dying by \w+|jumping off \w+|carbon monoxide|cutting your wrists|slitting your wrists|"
         r"hanging yourself|a gunshot) (?:\w+ )?(?:hurt|painful|quick|fast|peaceful|instant|take long|slow|"
         r"messy|reliable|work)\b"),
    rule(S, HIGH, "cut",
         r"\bhow deep (?:to|do i|should i|do you|must i|would i|does one|do i need to|would i need to|to) "
         r"(?:\w+ )?cut\b|\b(?:which|what) (?:vein|artery|veins|arteries) (?:to|do i|should i|would i|is best "
         r"to|is easiest to) (?:cut|slit|slice|hit)\b|\bwhere (?:to|do i|should i|would i|can i) (?:cut|slit|"
         r"slice|stab) (?:to |<ME>|my wrists|my arm|so i)"),
    rule(S, HIGH, "place lethal die kil",
         r"\b(?:which|what|how)(?: \w+){0,2} (?:bridge|building|height|floor|story|storey|tall|high|far)(?: \w+){0,5}"
         r" (?:enough to (?:die|kil)|to (?:die|kil (?:<ME>|you|someone|a person))|would (?:kil|be fatal)|is "
         r"(?:fatal|lethal|deadly))\b|\b(?:high|tall|deep|strong|far) enough to (?:die|kil (?:me|<ME>|you|a "
         r"person|someone)|be fatal|be lethal|end it)\b"),
    rule(S, HIGH, "die kil wake lethal",
         r"\b(?:how|what|which|where|when)\b(?: \w+){1,8} (?:to|and|would|will|id|i d|i would|so i can|so that i) "
         r"(?:<ADV>)(?:die|kil <ME>|not wake up|never wake up|be fatal|be lethal)(?=\s*(?:[.?]|$| quickly| "
         r"painlessly| fast| instantly| peacefully| for sure| without pain| without it hurting| tonight| now))"),
    rule(S, HIGH, "kil lethal",
         r"\b(?:will|would|could|can|might|does|do|is|are)(?: it)? (?:<QUANT>|<NUM>|these|those) (?:\w+ ){0,3}?"
         r"(?:kil|be enough to kil|be fatal to|be lethal to|be lethal for|be fatal for|be enough to end) (?:me|a "
         r"person|someone|you|an adult)\b"),
    rule(S, HIGH, "take & quant poison",
         r"\bwhat(?: \w+){0,3} if (?:i|you|someone|u) (?:took|take|swallowed|swallow|drank|drink|ate|eat|overdosed|"
         r"overdose|od|mixed|injected|had|downed|used) (?:<ADV>)(?:(?:<QUANT>|<NUM>|a (?:whole|full) \w+) (?:of )?"
         r"(?:my |the |these |those |her |his |some )?(?:\w+ ){0,2}?(?:<PILLS>|<POISONS>|bottle|pack|packet|box|"
         r"prescription|dose|doses|it|them)\b|(?:<QUANT>|<NUM>)<EOC>|<POISONS>)"),
    rule(S, HIGH, "die kil end od wake pulse",
         r"\b(?:what|which|where|how much|how many) (?:\w+ )?(?:can|could|should|would|do|does|will|might|must) (?:i|"
         r"you|one|"
         r"someone|a person|u) (?:\w+ ){0,2}?(?:take|use|do|drink|swallow|eat|buy|get|mix|inject|try|jump from|jump "
         r"off|go) (?:\w+ ){0,3}?to (?:<ADV>)(?:die|kil (?:<ME>|<YOURSELF>|oneself)|end (?:it|my life|it all|your "
         r"life)|"
         r"overdose|od|not wake up|never wake up|stop (?:my|your) heart)\b(?! (?:down|of (?:boredom|embarrassment)))"),
)
