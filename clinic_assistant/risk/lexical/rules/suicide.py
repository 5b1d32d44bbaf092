"""Rules: suicide said outright or indirectly (wishes, hopelessness, burden), goodbyes and plans."""
from __future__ import annotations

from clinic_assistant.risk.lexical.rules.spec import HIGH, MEDIUM, S, rule

RULES = (
    # "kill myself" is self-referential whoever types it; only a negation right before it or a mask
    # (idiom, game, topic question) changes that. "kms", "kys" and "unalive" are slang that is almost
    # always about suicide: we count them as risk. "kys" is aimed at someone else (often the bot), but
    # it still puts suicide into the conversation, and a person types it; recall first.
    rule(S, MEDIUM, "kil", r"\bk[iy]?l(?:ing|in|ed|s)? ?<ME>", neg=True),
    # "kill yourself" / "kys": aimed at someone (often the bot) yet it puts suicide into the
    # conversation and is sometimes self-directed ("should i just kys"); we count it as risk.
    rule(S, MEDIUM, "kil", r"\b(?:go |just |should |pls |please |u should |you should )?k[iy]?l ?<YOURSELF>\b"
         r"(?! (?:in|on) (?:the |a )?(?:game|minecraft))", neg=True),
    rule(S, MEDIUM, "kil", r"\b(?:kms|kys|kmn|kil me now)\b", neg=True),
    rule(S, MEDIUM, "unal", r"\bun ?aliv(?:e|ing|ed|es)?\b(?: <ANYSELF>)?", neg=True),
    rule(S, MEDIUM, "slang suic self",
         r"\b(?:commit\w* (?:<ADV>)(?:sudoku|sewer ?slide|toaster bath|self ?delete|seppuku|hara ?kiri|die|"
         r"unalive|suey)|(?:take|taking|took) a toaster bath|self ?delet\w*|delete <ME>(?! from)|"
         r"yeet\w* <ME> (?:off|of|out|into|from|in front)|an hero|sewer ?slide\w*|neck <ME>|rope <ME>)\b", neg=True),
    # "please kill me", "someone kill me", "i wish someone would kill me"
    rule(S, MEDIUM, "kil",
         r"\b(?:please|pls|plz|someone|somebody|just|god|lord|u|you|can someone|can somebody|will someone|"
         r"wish (?:someone|somebody|you|they) would|need someone to|want someone to|could you|can you|"
         r"want (?:you|them|him|her) to) (?:<ADV>)kil me\b(?! (?:with|if|when|for|at|lol|haha\w*|lmao))", neg=True),
    # "take my life", "end my life", "end my own life"
    rule(S, MEDIUM, "live",
         r"\b(?:end|ending|ended|take|taking|took) (?:my|me) (?:own )?(?:life|existence)\b"
         r"(?! (?:back|away|over|in my|into|to|from|for|and turn|by storm|seriously))", neg=True),
    rule(S, MEDIUM, "end",
         r"\bend(?:ing)? (?:it|this|things|everything|my suffering|my misery|my pain|the pain|myself) "
         r"(?:<ADV>)(?:all|forever|for good|once and for all|permanently)\b", neg=True),
    rule(S, MEDIUM, "end", r"\b(?:end ?it ?al|end it all)\b", neg=True),
    rule(S, MEDIUM, "end",
         r"\b<INTENT> (?:<ADV>)(?:end|ending) (?:it|things|everything|this|my suffering|my misery|my pain|"
         r"my existence|<ME>|the pain|all of this|all this|my story)\b"
         r"(?! (?:with|between|off|early|up|on|conversation|chat|call|session|appointment|booking|meeting|"
         r"relationship|subscription|contract|lease|membership|treatment|series|program|course|process|therapy|"
         r"friendship|marriage|engagement|here|there|now and|and go|and leave|soon and|job))", neg=True),
    # "i want to die", "i just wanna die", "ready to die", "i deserve to die", "wanna 💀"
    rule(S, MEDIUM, "die", r"\b<INTENT> (?:<ADV>)(?:die|be dead|skull|coffin)\b", neg=True),
    rule(S, MEDIUM, "sleep disap",
         r"\b<INTENT> (?:<ADV>)(?:(?:go )?(?:to )?sleep forever|be gone forever)\b", neg=True),
    rule(S, MEDIUM, "live wake breath & neg stop",
         r"\b<INTENT> (?:<ADV>)(?:not (?:be )?(?:alive|exist|here anymore|be here anymore)|stop existing|cease to "
         r"exist|"
         r"cease existing|not wake up|never wake up|not exist anymore|stop living|stop breathing)\b", neg=True),
    rule(S, MEDIUM, "die", r"\b(?:want|wanna|wish|ready|time) (?:to )?die\b", neg=True),
    # passive wishes: "i wish i was dead", "hope i dont wake up", "wish i had never been born"
    rule(S, MEDIUM, "wish",
         r"\b(?:wish|wished|wishing|hope|hoping|pray|praying)\w* (?:that )?(?:i|id|im|i d|i m) (?:<ADV>)"
         r"(?:was|were|would be|could be|am|be|had been|were just|was just)? ?(?:<ADV>)(?:dead|gone|not alive|"
         r"not here|never born|nonexistent|not born|in a coffin)\b"),
    rule(S, MEDIUM, "wish",
         r"\b(?:wish|wished|wishing|hope|hoping|pray|praying)\w* (?:that )?(?:i|id|i d) (?:<ADV>)(?:could |would |"
         r"will |do |did |can |just |dont |didnt |wouldnt |wont |never |just )?(?:<ADV>)(?:die|died|disappear|"
         r"vanish|stop existing|not exist|not wake up|never wake up|dont wake up|didnt wake up|wouldnt wake up|"
         r"wont wake up|wake up|get hit by|got hit by|get run over|crash|never existed|wasnt born|was never born|"
         r"had never been born|hadnt been born|never woke up|fall asleep and|get cancer|catch \w+ and die)\b"),
    rule(S, MEDIUM, "wish live",
         r"\b(?:wish|wished)\w* (?:i|id|i d) (?:was|were|had)? ?(?:never |not )(?:been )?born\b|"
         r"\bwish i (?:wasnt|werent|hadnt been) born\b|\bshould(?:nt| not| never) have been born\b"),
    rule(S, MEDIUM, "die",
         r"\b(?:(?:would|d|id) (?:<ADV>)(?:rather|sooner) (?:be )?(?:die|dead)|(?:rather|better) (?:be )?dead|"
         r"better off dead)\b"),
    # "better off without me", "everyone would be better off", "i'm a burden"
    rule(S, MEDIUM, "beter",
         r"\bbetter off (?:without me|if i (?:was|were|wasnt|werent|died|disappeared|left|was gone|were gone|"
         r"didnt exist|never existed|wasnt here|wasnt around|werent here|was dead)|with(?:out)? me (?:gone|dead)|"
         r"when im gone|once im gone|dead)\b"),
    rule(S, MEDIUM, "beter die disap",
         r"\b(?:everyone|everybody|every one|the world|world|my family|my kids|my children|my friends|my partner|"
         r"my wife|my husband|people|they|them|everything|we|my parents|my mom|my dad|family|friends|the kids)"
         r"(?: (?:<ADV>)(?:would|will|d|wil|could)|d) (?:<ADV>)(?:be )?(?:<ADV>)(?:better|happier|fine|ok|okay|easier)"
         r"(?: off)? (?:without me|if i (?:was|were|wasnt|werent|died|disappeared|left|was gone|were gone|just "
         r"died|just disappeared|didnt exist|never existed|wasnt here|wasnt around)|when im gone|once im gone|"
         r"with me gone|without me around)\b"),
    rule(S, MEDIUM, "beter",
         r"\b(?:everyone|everybody|every one|the world|my family|my kids|people|my friends) (?:<ADV>)(?:would|wil|d)"
         r" (?:<ADV>)be (?:<ADV>)better off\b(?! (?:with|if (?:they|you|we|the|people|there)|using|going|taking|"
         r"knowing|"
         r"having|getting|in|at|on|doing|seeing|booking|reading|trying|learning|to|because of (?:ketamine|"
         r"therapy|this)|financially|paying))"),
    rule(S, MEDIUM, "care",
         r"\b(?:no one|noone|nobody|no body|not a single person|not one person) (?:<ADV>)(?:would|will|wil|d|even|"
         r"is going to|gonna) (?:<ADV>)(?:care|notice|mis me|miss me|be sad|cry|come to my funeral|remember me)"
         r"(?: (?:<ADV>)(?:if|when) (?:i|im) (?:<ADV>)(?:died|die|was gone|were gone|disappeared|disappear|killed <ME>|"
         r"was dead|left forever|didnt wake up|wasnt here|wasnt around|gone|dead|never woke up|ended it)|<EOC>)"),
    rule(S, MEDIUM, "burden",
         r"\b(?:im|i am|i m|feel like|feel|feeling|being|just|such|i was|i have become|ive become|always been|"
         r"only|nothing but|im just|i am just) (?:<ADV>)(?:a |such a |just a |the |nothing but a |one big |a huge |"
         r"a massive |a big )?burden\b(?! of proof)"),
    # hopelessness: "no reason to live", "nothing to live for", "can't go on"
    rule(S, MEDIUM, "reason",
         r"\bno (?:<ADV>)(?:reason|point|purpose|will|desire|motivation|wish) (?:to|in|for) (?:<ADV>)(?:live|living|"
         r"life|go on|going on|keep going|keep living|be alive|being alive|exist|existing|stay alive|staying "
         r"alive|continue|continuing|carry on|carrying on|wake up|waking up|get up|be here|being here|stay|"
         r"staying|trying anymore|try anymore|even trying)\b"),
    rule(S, MEDIUM, "live", r"\bnothing (?:left )?(?:to|worth) liv(?:e|ing) for\b|\bnothing to live for\b"),
    rule(S, MEDIUM, "live wake goon breath & neg",
         r"\b(?:dont|do not|doesnt|no longer|never|not|dont really|dont even|didnt|did not)"
         r"(?: (?:think|know if|know whether|know why|know how|see why|see how|feel like|really) i)?"
         r" (?:<ADV>)(?:want|wanna|wish|feel like|feel the need|care|wanting|see the point|see a reason|"
         r"see any reason|have the strength|have the will|have any will|have the energy) (?:to )?(?:<ADV>)"
         r"(?:live|be alive|stay alive|exist|be here anymore|be here any ?more|be here any longer|"
         r"be on this earth|be in this world|be on this planet|wake up|wake up tomorrow|go on|keep going|"
         r"keep living|continue living|carry on|be around|live anymore|do this anymore|do life|go on living|"
         r"try anymore|be me anymore|breathe anymore|be here)\b(?! (?:in|at|with|near|for) )"),
    rule(S, MEDIUM, "wish",
         r"\b(?:wish|wishing|wished|pray|praying|prayed|hope|hoping|long|longing|yearn|yearning|beg|begging) "
         r"(?:\w+ ){0,2}for (?:my |an early |a quick |my own )?(?:death|end|demise)\b"),
    rule(S, MEDIUM, "live",
         r"\b(?:dont|do not|no longer|never) (?:<ADV>)(?:want|wanna|wish|like) (?:to )?(?:be )?(?:a )?part of this "
         r"(?:<ADV>)(?:\w+ )?(?:world|life|earth|planet|existence)\b"),
    rule(S, MEDIUM, "live wake goon",
         r"\bnot (?:sure|certain) (?:if |that |whether |why )?i (?:<ADV>)(?:want|wanna|can|should) (?:to )?"
         r"(?:live|be alive|stay alive|go on|keep going|keep living|exist|be here|wake up)\b"),
    rule(S, MEDIUM, "care",
         r"\b(?:dont|do not|no longer|doesnt) (?:<ADV>)care (?:if|whether|that) (?:i|im) (?:<ADV>)(?:live|die|dies|"
         r"wake up|dead|alive|make it|survive)\b"),
    rule(S, MEDIUM, "cant",
         r"\b(?:cant|can not|cannot|cnt|unable to|no longer able to|cant really|just cant|cannot really) "
         r"(?:<ADV>)(?:go on|keep going|carry on|do this anymore|do this any ?more|do this any longer|do it anymore|"
         r"take it anymore|take this anymore|take it any ?more|take much more|take any more|take anymore|"
         r"take it any longer|take the pain|handle (?:it|this|life|anything|the pain) anymore|cope anymore|"
         r"cope any ?more|live like this|keep living|live anymore|live with (?:this|<ME>|it) anymore|"
         r"keep doing this|bear (?:it|this|life) anymore|stand (?:it|this|life|being alive|being me) anymore|"
         r"face (?:another day|tomorrow|life|living)|see a way out|see any way out|see a future|see any future|"
         r"see the point|see any point|live with <ME>|do life|be alive|stay alive|keep fighting|"
         r"fight (?:it|this) anymore|survive this|make it through (?:the night|tonight|today))\b"
         r"(?! (?:vacation|holiday|a |an |the |with|to |my |that |this |for |about|leave|trips?|line|online|"
         r"medication|meds|ketamine|them|him|her|tour|a trip|stage|air|tv|monday|tuesday|wednesday|thursday|friday|"
         r"saturday|sunday|weekends?|weekdays?|that day|time|\d|it until|it til|it till|board|waiting|foot))"),
    rule(S, MEDIUM, "tired",
         r"\b(?:tired|sick|exhausted|weary) of (?:<ADV>)(?:living|being alive|life|existing|my life|it all|"
         r"everything|being here|waking up|fighting|being me|being myself|this life|breathing|my existence|"
         r"this world|trying to stay alive)\b"),
    rule(S, MEDIUM, "done",
         r"\b(?:done|finished|through) (?:with )?(?:<ADV>)(?:life|living|everything|it all|this world|this life|"
         r"being alive|existing|this existence|my life|trying|fighting|the world)\b(?! (?:insurance|admin|"
         r"paperwork|form|forms|booking|questions?|survey|screening|application))"),
    rule(S, MEDIUM, "lifeish & worth",
         r"\b(?:life|my life|living|existence|it all|everything|my existence|being alive|the future|my future|"
         r"this life) (?:is|s|feels|seems|has become|became|will always be|looks|just feels|just seems|"
         r"is just|feels so) (?:<ADV>)(?:pointless|meaningless|not worth (?:it|living)|worthless|over|hopeless|"
         r"unbearable|too (?:much|hard|painful)|empty|a burden|a curse|a punishment|dark|torture|hell|"
         r"not worth it)\b"),
    rule(S, MEDIUM, "worth",
         r"\b(?:is it|its|it s|is life|is my life|am i|is living|is being alive) (?:<ADV>)worth (?:me |it |my "
         r")?(?:<ADV>)"
         r"(?:being alive|living|staying alive|going on|it to (?:live|keep living|stay alive|go on)|the pain|the "
         r"effort)\b"
         r"(?: (?:<ADV>)(?:anymore|any more))?(?=\s*(?:[.?]|$|anymore|any more|at all|for me))"),
    rule(S, MEDIUM, "worth", r"\b(?:not|isnt|is not|aint|never) worth (?:living|it anymore|being alive|living for)\b|"
                                 r"\blife (?:is |s )?not worth\b|\bnot worth the (?:pain|fight|effort) of living\b"),
    rule(S, MEDIUM, "reason",
         r"\b(?:whats|what is|what s|wats|whats even|what is even) the (?:<ADV>)(?:point|use|purpose|reason) "
         r"(?:of|in|for) (?:<ADV>)(?:living|life|being alive|going on|existing|waking up|it all|staying alive|"
         r"carrying on|trying|me|being here|my life|continuing)\b|\b(?:whats|what is|what s) the point anymore\b|"
         r"\bno point (?:anymore|any more|in anything)\b"),
    rule(S, MEDIUM, "give",
         r"\b(?:give|giving|given|gave) up on (?:<ADV>)(?:life|living|everything|<ME>|me|the world|being alive|"
         r"getting better|ever getting better|ever being happy)\b|\bgive up on living\b"),
    rule(S, MEDIUM, "disap live sleep",
         r"\b(?:want|wanna|wish|need|just want|would like|id like|i d like|long|longing|hope|dream)\w* (?:to )?"
         r"(?:i could )?(?:<ADV>)(?:disappear|vanish|evaporate|fade away|not exist|stop existing|be nothing|"
         r"go away forever|go away and never come back|cease to exist|be erased|not be around|not be here|"
         r"leave this world|leave this earth|fall asleep forever|sleep forever|go to sleep forever)\b"),
    rule(S, MEDIUM, "disap",
         r"\b(?:disappear|vanish)\w* (?:<ADV>)(?:forever|for good|permanently|from (?:this|the) (?:world|earth|planet)|"
         r"off the face of)\b"),
    rule(S, MEDIUM, "end stop & want wish",
         r"\b(?:want|wanna|wish|need)\w* (?:<ADV>)(?:it all|everything|all of this|this all|life|my life|"
         r"the suffering|my suffering|the pain|it|this) (?:to )?(?:<ADV>)(?:end|stop|be over)\b"
         r"(?: (?:<ADV>)(?:forever|for good|permanently|now|tonight|already))?(?=(?: (?:<ADV>)(?:forever|for good|"
         r"permanently|now|tonight|already|i|and|but|please))|\s*(?:[.?]|$))"),
    rule(S, MEDIUM, "sleep wake",
         r"\b(?:sleep|fall asleep|go to sleep|close my eyes|lie down|lay down)\w* (?:and|&|n|then) (?:<ADV>)"
         r"(?:never|not|dont|don t) (?:<ADV>)(?:wake|open|get up)\b"),
    rule(S, MEDIUM, "wake",
         r"\b(?:never|not|dont|didnt|wouldnt|wont|do not|would not|will not) (?:<ADV>)wake up (?:<ADV>)(?:again|"
         r"tomorrow|ever again|in the morning|anymore|one day|one morning)\b"),
    rule(S, MEDIUM, "wake",
         r"\b(?:dont|do not|never|no longer) (?:<ADV>)(?:want|wanna|wish|like|feel like) to wake up\b"),
    # goodbyes and plans are "high"
    rule(S, HIGH, "plan",
         r"\b(?:goodbye|farewell|suicide|good bye) (?:letters?|notes?)\b|\b(?:my|a) (?:final|last) (?:goodbye|farewell)"
         r"(?: (?:letters?|notes?|messages?|videos?|posts?|texts?))?\b|\b(?:wrote|written|writing|write|left|"
         r"leaving|leave|draft\w*|prepar\w*|record\w*) (?:a |my |the |some |all )?(?:goodbye|farewell|final) "
         r"(?:letters?|notes?|messages?|videos?|posts?|texts?|emails?)\b(?! (?:to|for) (?:the|my) (?:team|"
         r"colleagues|coworkers|class|students|company|office|job|work))"),
    # a note left behind is a goodbye letter by another name; so is weighing whether to leave one
    rule(S, HIGH, "plan",
         r"\b(?:leav\w*|left|writ\w*|wrote) (?:a |my |the )?(?:last |final )?notes? (?:behind|for (?:when|after) "
         r"(?:i m|im|i am) gone|for after)\b|\b(?:pros and cons|point|the best way) of (?:leaving|writing) "
         r"(?:a |my )?notes?\b(?! (?:for|to|on) (?:the|my|a|your) (?:babysitter|roommate|neighbou?r|landlord|"
         r"teacher|boss|desk|fridge|door|car))"),
    rule(S, HIGH, "plan",
         r"\b(?:this is|its|it s|it is|heres|here is) (?:my )?(?:final |last )?(?:goodbye|farewell)\b"
         r"(?! (?:for now|until|til|till|see you|to (?:my|the) (?:old|job|team|office|anxiety|panic))|\w)|"
         r"\b(?:say|saying|said|to say) (?:my )?(?:final |last )?(?:goodbyes?|farewells?) (?:to (?:everyone|everybody|"
         r"you all|all of you|the world|my family|my kids|life|this world|my loved ones|all my friends)|"
         r"(?:<ADV>)forever|for good|before i go)\b|\bgoodbye (?:world|cruel world|forever|everyone|everybody|"
         r"all|life|my friends)\b"),
    rule(S, HIGH, "plan",
         r"\b(?:give|giving|given|gave) away (?:(?:all|everything|most) (?:of )?(?:my )?(?:\w+ )?(?:stuff|things|"
         r"belongings|possessions|pets?|cat|dog|clothes|savings|prized|valuables|guitar|books|money)?|my (?:stuff|"
         r"things|belongings|possessions|pets?|cat|dog|savings|prized possessions|valuables))\b"),
    rule(S, HIGH, "plan", r"\b(?:put|putting|get|getting|got|have put|set) (?:all )?my affairs in order\b"),
    # a method named as "the rope way", "the rope or belt method"
    rule(S, HIGH, "slang",
         r"\b(?:use|using|try|trying|do|doing|go|going|pick|picked|choose|chose) (?:with )?(?:the |a )?"
         r"(?:rope|noose|belt|cord)(?: or (?:the |a )?(?:rope|noose|belt|cord|gun|pills))? "
         r"(?:way|method|route|option)\b"),
    rule(S, HIGH, "live breath",
         r"\b(?:wont|will not|wil not|not going to|aint|(?:dont|do not) think (?:ill|i ll|i will|id|i d)|probably wont|"
         r"might not|may not) be (?:around|alive|here|living|breathing) (?:much longer|"
         r"for (?:much )?longer|for long|by (?:tomorrow|morning|next week|then|the weekend|friday|monday)|"
         r"anymore|any ?more|to see|next (?:week|month|year)|after tonight|tomorrow)\b"),
    rule(S, HIGH, "plan",
         r"\b(?:have|had|made|making|make|got|with|came up with|worked out|figured out|thought out|planned out)"
         r" (?:a|my|the|out a|out my) (?:suicide |detailed |clear |whole )?plan\w* (?:to|for|on how to|how to|"
         r"about how to) (?:<ADV>)(?:die|dying|kil|end|suicide|do it|take my|my death|jump|hang|overdose|od|"
         r"unalive|commit)\b|\bsuicide plans?\b|\b(?:plan|plans|planned|planning) (?:my|the) (?:own )?"
         r"(?:suicide|death|exit|way out)\b"),
    rule(S, HIGH, "stash & pill",
         r"\b(?:stockpil\w*|hoard\w*|stash\w*|saving up|saved up|save up|been saving|been collecting|squirrel\w* "
         r"away|hiding away|accumulat\w*|collecting up|saving all) (?:up )?(?:<ADV>)(?:\w+ ){0,2}<PILLS>\b"),
    rule(S, HIGH, "stash & pill",
         r"\benough (?:\w+ )?<PILLS> (?:<ADV>)(?:to|that i could|that i can|that it would) (?:<ADV>)(?:die|kil|end|"
         r"od|overdose|not wake|never wake|do it|do the job|be fatal|be lethal|finish)\b"),
)
