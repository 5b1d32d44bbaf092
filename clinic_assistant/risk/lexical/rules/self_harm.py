"""Rules: suicide and self-harm as talk (first and third person, attempts), self-harm as a
behaviour, eating-disorder self-harm."""
from __future__ import annotations

from clinic_assistant.risk.lexical.rules.spec import MEDIUM, S, rule

RULES = (
    # third person in danger now: "my friend is suicidal", "she wants to kill herself", "he is cutting himself"
    rule(S, MEDIUM, "suic",
         r"\b(?:<SUBJ3>|someone|somebody|my (?:\w+ )?(?:friend|brother|sister|son|daughter|kid|child)) (?:<ADV>)"
         r"(?:is|s|are|seems|sounds|looks|has been|have been|was|were|became|got|keeps|feels|is feeling|been|"
         r"might be|may be|could be|is being|is getting|gets|get) (?:<ADV>)(?:acting |feeling |talking |very |"
         r"really |so |extremely |increasingly |actively )?<SUIC>\b"),
    rule(S, MEDIUM, "self live",
         r"\b(?:wants?|wanted|wanting|going|is going|gonna|threaten(?:s|ed|ing)?|trying|tried|tries|plan(?:s|ed|"
         r"ing)?|about|talk(?:s|ed|ing)? about|keeps? talking about|said (?:he|she|they)(?: would| will| wants? to|"
         r"d| might| is going to| was going to)|says (?:he|she|they)(?: will| wants? to| might| is going to| s "
         r"going to| ll)?|thinking about|thinks about|considering|attempted|attempting|might|may|will|could)"
         r" (?:to )?(?:<ADV>)(?:kil\w*|hang\w*|hurt\w*|harm\w*|cut\w*|shoot\w*|end\w*|starve\w*|drown\w*|"
         r"poison\w*|overdos\w*|od|stab\w*|burn\w*|unalive) (?:<SELF3>|(?:his|her|their) (?:own )?li(?:fe|ves))\b",
         neg=True),
    rule(S, MEDIUM, "self",
         r"\b(?:is|s|are|keeps|been|has been|have been|started|starting|was|were|caught (?:him|her|them)) (?:<ADV>)"
         r"(?:cutting|hurting|harming|burning|starving|kiling|punching|hitting|scratching) (?:<SELF3>)\b"),
    rule(S, MEDIUM, "self",
         r"\b(?:<SUBJ3>|someone|somebody) (?:<ADV>)(?:is|s|are|has been|have been|keeps|started|been) (?:<ADV>)"
         r"<SELFHARM>\b"),
    # first person: "i'm suicidal", "i have suicidal thoughts", "thinking about killing myself"
    rule(S, MEDIUM, "suic",
         r"\b(?:(?:and|so|very|really|still|always|extremely|pretty|kinda|bit) (?=<SUIC_ADJ>(?! (?:thoughts?|ideation|"
         r"feelings?|urges?|tendencies|behaviou?rs?|patients?|people|depression|risk)))|(?:im|i am|i m|am|feel|"
         r"feeling|felt|been|getting|get|become|became|becoming|i was|i got|i go|turning|go|i feel|i felt) )(?:<ADV>)"
         r"(?:very |really |so |extremely |pretty |quite |a little |a bit |a lil |kinda |kind of |slightly |"
         r"super |increasingly |more |less |mildly |passively |actively |severely |constantly |always |often |"
         r"sometimes |still |again |extra |low key |lowkey |highkey |hella |fucking |damn )?(?:<SUIC>|sui)\b"
         r"(?! (?:squad|prevention|hotline|awareness|rates?|statistics|research))", neg=True),
    rule(S, MEDIUM, "suic self",
         r"\b(?:i|ive|i have|im|i am|i ve|i m|been|keep|constantly|still|always|often|sometimes|and|having|have|"
         r"had|get|got|getting|experiencing|experience|experienced|struggle with|struggling with|suffer from|"
         r"suffering from|deal with|dealing with|battling|battle with|fighting|fight|cope with|coping with|"
         r"manage|managing|live with|living with) (?:<ADV>)(?:<NOTNEG>){0,2}?(?:<SUIC>|<SELFHARM>) (?:thoughts?|"
         r"ideation|ideations|feelings?|urges?|tendencies|impulses|ideas?|plans?|intent|intentions|episodes?|"
         r"crisis|crises|depression|moods?|behaviou?rs?|issues|problems|habits?|relapses?|spirals?|"
         r"cravings?|desires?)\b", neg=True),
    rule(S, MEDIUM, "suic self cut die",
         r"\bmy (?:<ADV>)(?:\w+ )?(?:<SUIC>|<SELFHARM>|cutting|self ?destructive|death) (?:thoughts?|ideation|"
         r"feelings?|urges?|tendencies|impulses|plans?|attempts?|note|letter|behaviou?r|habit|scars?|cuts?|"
         r"wounds?|relapse|wish|fantasies|ideas?|addiction|problem|issues?|episodes?|history)\b|"
         r"\bmy (?:<SUIC>|<SELFHARM>)\b(?! (?:prevention|awareness|hotline))"),
    rule(S, MEDIUM, "think & suic kil die end live self wake od hang cut harm method jump care unal lethal much way",
         r"\b(?:thinking|think|thought|thinkin|thoughts|fantasi[sz]\w*|dream\w*|obsess\w*|ruminat\w*|"
         r"daydream\w*|imagin\w*|plan\w*|consider\w*|contemplat\w*|research\w*|googl\w*|look\w* up|search\w*)"
         r" (?:about|of|abt|bout|for|on|up)? ?(?:<ADV>)(?:suicide|<SUIC>|commit(?:ing)? suicide|kil(?:ing)? <ME>|"
         r"ending (?:it|it all|my life|things|everything)|end(?:ing)? my (?:own )?life|taking my (?:own )?life|"
         r"dying|death|my death|being dead|being (?:hurt|killed|kil|gone|run over|hit by a \w+|shot|stabbed|hanged)|"
         r"not being (?:here|alive|around)|not existing|not waking up|"
         r"how to die|ways to die|how i would die|how to end it|jumping(?: off)?|hanging <ME>|overdosing|"
         r"<SELFHARM>|hurting <ME>|cutting(?: <ME>)?|my (?:own )?funeral|unaliving(?: <ME>)?|my suicide|"
         r"suicide methods|methods|a method|lethal doses?|the lethal dose|how many pills)\b"
         r"(?! (?:rates?|statistics|prevention|research|in (?:general|history|literature|movies|films|books)|"
         r"of (?:my|a|the|his|her|their|our) (?:\w+)|penalty|metal|valley))", neg=True),
    rule(S, MEDIUM, "suic kil end live od hang self",
         r"\b(?:attempted|tried|try|trying|attempt|attempting|survived|surviving|made an attempt|made attempts)"
         r" (?:to )?(?:<ADV>)(?:suicide|<SUIC>|commit suicide|kil <ME>|end my (?:own )?life|take my (?:own )?life|"
         r"overdose|od|hang <ME>|unalive <ME>|an overdose|a suicide attempt|my suicide attempt|my attempt)\b",
         neg=True),
    rule(S, MEDIUM, "suic",
         r"\b(?:my|a|an|previous|past|prior|last|recent|failed|second|third|multiple|several|two|three|"
         r"botched|serious|first) (?:<ADV>)(?:<SUIC>) (?:attempts?|atempt)\b"),
    rule(S, MEDIUM, "suic self unal slang",
         r"\b<INTENT> (?:<ADV>)(?:commit(?:ing)? )?(?:suicide|<SUIC>|sewer ?slide|sudoku|toaster bath|self ?harm|"
         r"self ?delete|unalive|sui)\b(?! (?:prevention|hotline|awareness|rates?|statistics|squad|research))",
         neg=True),
    rule(S, MEDIUM, "suic",
         r"\bhow (?:do|does|did|can|could|would|should|to|do people|does one|would one) (?:i |you |someone |people |"
         r"one )?(?:<ADV>)commit (?:suicide|<SUIC>)\b"),
    # self-harm as an ongoing behaviour
    rule(S, MEDIUM, "self cut harm",
         r"\b(?:i|ive|im|i m|i ve|been|started|keep|still|and|i have been|i am|i was|i used to) (?:<ADV>)"
         r"(?:cut|cutting|<SELFHARM>|sh|burning|scratching|hurting)\b(?=\s*(?:[.?]|$|again|daily|every|sometimes|"
         r"to cope|to feel|when|because|deeper|deep|a lot|more|too|for|since|lately|recently|but|and|"
         r"at night|in secret|secretly|badly|myself|on my|my (?:arms?|legs?|thighs?|wrists?|stomach|skin)))",
         neg=True),
    rule(S, MEDIUM, "harm",
         r"\brelaps\w* (?:on |with |into |in |back into )?(?:<ADV>)(?:<SELFHARM>|sh|cutting|burning|purging|"
         r"restricting|my eating disorder|my ed|ana|starving|bingeing and purging|hurting <ME>)\b|"
         r"\b(?:clean|sober|free) (?:from|of) (?:<SELFHARM>|sh|cutting|self injury|burning)\b"),
    rule(S, MEDIUM, "harm cut",
         r"\bhid(?:e|ing) (?:my |the )?(?:fresh |new |self ?harm |cutting )?(?:cuts|scars|<SELFHARM>|burns|wounds|"
         r"bruises|marks)\b(?! (?:from (?:surgery|my operation|an operation|the accident)))|"
         r"\b(?:fresh|new|deep|deeper|open) (?:cuts?|wounds?|gashes|scars|slashes) (?:on|in|across|all over) "
         r"(?:my|me)\b|\b(?:scars?|marks?|cuts) (?:from|of) (?:cutting|<SELFHARM>|when i (?:cut|used to cut|"
         r"hurt <ME>))\b"),
    rule(S, MEDIUM, "weapon",
         r"\b(?:razor|razors|blade|blades|razor blades?|box cutter|scissors|lighter|knife|glass|compass|"
         r"sharpener blade|pencil sharpener) (?:\w+ ){0,3}(?:to|and|so i can|so i could) (?:<ADV>)(?:cut|slice|"
         r"scratch|burn|hurt|harm) (?:<ME>|my|me|deep|deeper)\b"),
    # "SH" is the community's own abbreviation for self-harm; it is read as such next to the words
    # people use with it ("if i dont sh", "sh scars", "relapsed on sh").
    rule(S, MEDIUM, "harm",
         r"\b(?:i|i dont|i didnt|i do|i did|to|my|the|of|minor|with|from|about|no|for|than|into|urge to|urges to|"
         r"clean from|relapsed on|relapse on|stop|stopped|quit) sh\b(?! (?:up|it|the|a|an))|\bsh (?:is|isnt|was|wasnt|"
         r"urges?|scars?|relapse\w*|again|free|clean|wounds?|marks?|cuts?|sub|subreddit|community|habits?|"
         r"addiction|thoughts?)\b"),
    rule(S, MEDIUM, "cut",
         r"\b(?:my|stop|stopped|started|start|quit|quitting|relaps\w*|urges? to|need to|want to|wanna|wish to|"
         r"about|been|keep|kept|was|im|i m|am|go back to|went back to|back to|resist|resisting|avoid|instead of|"
         r"than|like|feel like|think about|thinking about|miss|crave|craving|consequences of|scars from|"
         r"habit of|addicted to|addiction to) (?:<ADV>)cut(?:ing)?\b(?!<CUT_OBJ>)(?! (?:\w+ )?(?:times?|sessions?|"
         r"infusions?|appointments?|meds|medication|dose|coffee|caffeine|alcohol|drinking|sugar))"),
    rule(S, MEDIUM, "cut",
         r"\b(?:the|my|these|those|fresh|new|deep|deeper|old) cuts (?:<ADV>)(?:didnt|did|were|are|werent|arent|hurt|"
         r"healed|bled|bleed|got|get|on my|started|look|looked|wont|keep|itch|sting)\b|"
         r"\bcut (?:\w+ ){0,2}(?:veins?|arteries|artery)\b"),
    rule(S, MEDIUM, "harm",
         r"\bblod ?let\w*|\b(?:draw|drawing|drew|drain|draining|drained|let|letting) (?:out )?(?:my own|my|some of my)"
         r" (?:own )?blod\b(?! (?:for|at|test|work|sample|donation|pressure))"),
    rule(S, MEDIUM, "self cut harm",
         r"\b(?:take|taking|took|takes) (?:it|this|that|everything|my anger|my pain|my feelings|things) out on (?:<ME>|"
         r"my "
         r"(?:body|skin|arms?|legs?))\b|\b(?:replace|swap|trade|turn)\w* (?:the |my )?(?:emotional|mental|inner) pain "
         r"(?:with|into|for) (?:physical|real) pain\b|\b(?:marks|scars|cuts|wounds|burns|bruises|welts) on my "
         r"(?:body|arms?|legs?|wrists?|thighs?|skin|stomach|hips?)\b(?! (?:from|after|since) (?:surgery|an? "
         r"(?:operation|accident|fall)|acne|the accident|chickenpox|my (?:operation|surgery|accident)|eczema|"
         r"psoriasis|the iv|the infusion))"),
    rule(S, MEDIUM, "self cut",
         r"\b(?:gut|gutting|impale|impaling|flay|flaying|disembowel\w*|maim|maiming|skin|skinning|behead\w*|"
         r"decapitat\w*|mangle|mangling|bleed|bleeding|cripple|crippling) (?:<ME>)\b|\b(?:flay\w*|peel\w*|rip\w*|"
         r"tear\w*|pull\w*|pick\w*|gouge\w*|scrape\w*) (?:off |out |at )?my (?:own )?(?:skin|flesh|eyes|nails)\b"
         r"(?! (?:care|routine|products?|off (?:the|a)))", neg=True),
    # eating-disorder self-harm
    rule(S, MEDIUM, "ed",
         r"\b(?:i|im|ive|been|keep|started|still|and|i am|i have been)(?: (?:need|have|want|going|got|had|has) to| "
         r"gotta| should| wil| must| cant stop)? (?:<ADV>)purg(?:e|ing|ed)\b(?! (?:my|the|old|files|emails|inbox|"
         r"closet|wardrobe|data|cache|clutter|list))|"
         r"\b(?:make|making|made|force|forcing|forced) (?:<ME>|me) (?:to )?(?:<ADV>)(?:throw up|vomit|puke|sick|"
         r"be sick|purge|gag)\b(?! (?:from (?:anxiety|nerves)|on the (?:way|bus)))|\bbinge (?:and|&|n) purge\w*|"
         r"\bbinging and purging\b|\blaxatives? to (?:lose|get thin|stay thin|get rid of)\b|"
         r"\b(?:abuse|abusing|abused|taking) (?:<ADV>)laxatives\b|\bthrow\w* up after (?:every|each|i eat|"
         r"eating|meals|food|dinner|lunch|breakfast)\b"),
    rule(S, MEDIUM, "ed",
         r"\b(?:stopped|stop|quit|not|havent|have not|haven t|refuse to|refusing to|barely|hardly|cant make "
         r"<ME>|dont|didnt|wont|afraid to|scared to) (?:<ADV>)(?:been )?(?:eating|eaten|eat|ate)(?: anything| "
         r"a thing| food| properly)? (?:for|in) (?:<ADV>)(?:\w+ )?(?:days|weeks|a week|a month|months|a while)\b|"
         r"\b(?:only|just|under|less than|below|barely|max|maximum|no more than)(?: (?:eat|eating|ate|have|"
         r"having|allow <ME>|allowing <ME>|consume|consuming|let <ME> have))? (?:[1-7]\d\d|[1-9]\d|[0-9]|800|zero|no|a "
         r"few hundred|one "
         r"hundred|two hundred|three hundred|four hundred|five hundred) (?:calories|cals|kcal)\b(?: (?:a|per) day)?"),
    rule(S, MEDIUM, "self & ed",
         r"\b(?:stop|stopping|keep|keeping|prevent|preventing|stopped) (?:<ME>|me) from (?:eating|eat|having (?:any "
         r")?food)\b"),
    rule(S, MEDIUM, "binge",
         r"\bbinge\w* (?:eat\w* )?(?:and|then|&|n) (?:<ADV>)(?:then )?(?:vomit|throw up|purge|puke|make <ME> sick)\w*|"
         r"\b(?:i|im|i m|ive|i ve|i keep|i still) (?:<ADV>)(?:binge|binging|bingeing|binged)\b"),
    rule(S, MEDIUM, "vomit",
         r"\b(?:vomit|throw|puke|bring)\w* (?:it|everything|food|it all|all of it|my food|my meals?) (?:all )?(?:back "
         r")?up\b"),
    rule(S, MEDIUM, "bones",
         r"\b(?:my )?(?:ribs|rib cage|ribcage|hip ?bones|collar ?bones|spine|bones) (?:<ADV>)(?:to )?(?:stick|show|"
         r"poke|jut)"
         r"\w*(?: out)?\b|\bthigh gap\b"),
    rule(S, MEDIUM, "skinny",
         r"\b(?:so|as|super|extremely|dangerously|really) (?:skinny|thin|underweight|bony) (?:that|as possible|"
         r"enough)\b"),
    rule(S, MEDIUM, "ed", r"\bmy (?:ed|eating disorder)\b"),
    rule(S, MEDIUM, "ed", r"\bpro ?(?:ana|mia)\b|\bthinspo\w*|\bmeanspo\b|\bbonespo\b|\bana (?:coach|buddy|tips)\b"),
)
