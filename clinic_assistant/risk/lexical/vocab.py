"""Vocabulary: the pattern macros and the trigger words, as data.

MACROS are named pieces of pattern ("<ME>", "<INTENT>", "<PILLS>") that rules and masks use in angle
brackets; patterns.py expands them. TRIGGERS are the words a rule cannot match without: each key is a
pattern for ONE word of the squeezed text, and a rule runs only when one of its keys occurs (and only
around that word).
"""
from __future__ import annotations

MACROS: dict[str, str] = {}
MACROS["ME"] = r"(?:my ?self|my ?slef|my ?sefl|myslf|my ?sef|my ?sel\b|meself|me ?self|mself|myelf|myselve)"
MACROS["YOURSELF"] = r"(?:your ?self|your ?selves|ur ?self|ur ?selves|yo ?self|one ?self|one s self)"
MACROS["SELF3"] = r"(?:him ?self|her ?self|them ?selves|them ?self|themselfs|his ?self)"
MACROS["ANYSELF"] = r"(?:<ME>|<YOURSELF>|<SELF3>)"
# Fillers that may sit between the parts of a phrase ("i just really want to die").
MACROS["ADV"] = (
    r"(?:(?:just|really|rly|honestly|actually|seriously|literally|so|kinda|kind of|sort of|truly|genuinely|"
    r"still|sometimes|often|always|now|badly|even|lowkey|low key|fucking|fuckin|fking|freaking|"
    r"definitely|totally|simply|almost|probably|prob|already|also|too|again|tbh|ngl|like|um|uh|"
    r"finally|maybe|perhaps|quietly|peacefully|soon|fully|completely|permanently|secretly|"
    r"constantly|seriously|desperately|truly|want to|try to|go and|go|gonna|going to|be able to|"
    r"at least|ever|once|all|more|very|pretty|quite|super|extremely|increasingly|feel like|"
    r"think|think i|kind of|a little|a bit|rather|better|almost|nearly|basically|fr|omg|pls|please)\s+){0,3}"
)
MACROS["INTENT"] = (
    r"(?:want(?:s|ed|ing)?(?: to)?|wanna|wana|wnt to|want 2|wish(?:ed|ing)? (?:i (?:could|would|was able to|can)|to)|"
    r"would (?:like|love) to|d (?:like|love) to|need(?:s|ed)? to|ready to|ready 2|going to|going 2|gonna|gon|"
    r"bout to|about to|plan(?:s|ed|ing)? (?:to|on)|intend(?:s|ed|ing)? to|decided to|try(?:ing)? to|tried to|"
    r"will|would|should|might|may|could|can|shall|must|has to|have to|gotta|got to|deserve to|"
    r"think(?:ing)? (?:about|of)|thought (?:about|of)|consider(?:ing|ed)?|contemplat(?:e|ing|ed)|"
    r"feel(?:ing)? like|felt like|tempted to|urges? to|prepar(?:ing|ed) to|time to|let me|lemme|"
    r"might as well|may as well|ought to|id|ill|i d|i ll|dare to)"
)
MACROS["SUIC"] = r"(?:s(?:ui|iu|u|ue|ua|uy|oo)(?:c|s|sc|z)(?:i|u|y)?d\w*|sewer ?slide\w*)"
MACROS["SELFHARM"] = r"(?:(?:self|slef|sef) ?(?:harm\w*|harn\w*|injur\w*|mutilat\w*))"
MACROS["PILLS"] = (
    r"(?:pills?|tablets?|tabs(?!\x20open)|caps|capsules?|meds|medications?|medicines?|drugs|sleeping pills|"
    r"sleep(?:ing)? aids?|pain ?killers?|prescriptions?|anti ?depressants?|benzos?|opioids?|opiates|"
    r"xanax|valium|klonopin|ativan|lorazepam|diazepam|alprazolam|clonazepam|ambien|zolpidem|seroquel|"
    r"quetiapine|lithium|tylenol|paracetamol|acetaminophen|panadol|advil|ibuprofen|aspirin|motrin|aleve|"
    r"naproxen|oxy\w*|percocets?|vicodin|hydrocodone|codeine|tramadol|morphine|fentanyl|heroin|methadone|"
    r"insulin|metformin|lamotrigine|lamictal|gabapentin|lyrica|pregabalin|sertraline|zoloft|prozac|"
    r"fluoxetine|lexapro|escitalopram|citalopram|celexa|paxil|paroxetine|wellbutrin|bupropion|effexor|"
    r"venlafaxine|cymbalta|duloxetine|trazodone|mirtazapine|remeron|amitriptyline|nortriptyline|adderall|"
    r"ritalin|benadryl|diphenhydramine|melatonin|nyquil|sleepers|blood thinners?|warfarin|digoxin|"
    r"propranolol|beta blockers?|ketamine|esketamine|spravato|edibles|gummies|iron pills|vicodins|"
    r"painkillers|pain meds|sleeping tablets|antipsychotics?|stimulants?|barbiturates?|meth|cocaine|coke|mdma)"
)
MACROS["POISONS"] = (
    r"(?:bleach|anti ?freeze|rat poison|poison|pesticides?|insecticides?|weed ?killer|herbicides?|"
    r"detergent|laundry pods?|tide pods?|dishwasher pods?|drain cleaner|oven cleaner|toilet cleaner|lye|"
    r"ammonia|cleaning (?:products?|fluid|liquid|supplies|solution|chemicals)|windshield (?:washer )?fluid|"
    r"methanol|lighter fluid|gasoline|petrol|kerosene|paint thinner|nail polish remover|acetone|"
    r"hand sanitizer|batter(?:y|ies)|button batter(?:y|ies)|magnets|mercury|cyanide|arsenic|strychnine|"
    r"sodium nitrite|nitrite|rubbing alcohol|isopropyl|hydrogen peroxide|chlorine|wild mushrooms|"
    r"poisonous \w+|toxic \w+|chemicals)"
)
# Quantities that make taking pills an overdose.
MACROS["NUM"] = (
    r"(?:[5-9]|[1-9]\d+|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"(?:a |one )?hundreds?|\d+ or \d+|a dozen|dozens of)"
    r"(?! ?(?:mg|mcg|ug|ml|milligrams?|micrograms?|units?|iu|g|grams?|mgs|percent|minutes?|mins|hours?|hrs|"
    r"days?|weeks?|years?|dollars|pounds|lbs|kg|times|am|pm|oclock)\b)"
)
MACROS["QUANT"] = (
    r"(?:all(?: of)?(?: the| my| of my| these| those| her| his)?|every(?: single)?(?: one of)?(?: my| the)?|"
    r"(?:the|a|my|her|his) (?:whole|entire|full)|whole|entire|full|the rest of(?: my| the)?|"
    r"(?:a )?handfuls? of|a lot of|lots of|a ton of|tons of|a bunch of|bunch of|so many|(?:way )?too many|"
    r"(?:way )?too much|as many|enough|double|triple|twice|(?:a|an|one|two|three|the|my) (?:whole |entire |full )?"
    r"(?:bottles?|box|boxes|packs?|packets?|strips?|blisters?|jars?|containers?) of|<NUM>(?: of)?)"
)
MACROS["PERSON"] = (
    r"(?:he|she|they|him|her|them|he s|hes|she s|shes|theyre|they re|theyll|they ll|hell|he ll|shell|she ll|"
    r"hed|he d|shed|she d|theyd|they d|my (?:\w+ )?(?:partner|husband|hubby|wife|boyfriend|girlfriend|bf|gf|"
    r"fiance|fiancee|ex|ex husband|ex wife|ex boyfriend|ex girlfriend|spouse|dad|daddy|father|mom|mommy|"
    r"mum|mother|stepdad|stepfather|step dad|step father|stepmom|stepmother|step mom|step mother|brother|"
    r"sister|son|daughter|uncle|aunt|cousin|grandpa|grandfather|grandma|grandmother|roommate|flatmate|"
    r"housemate|landlord|landlady|boss|manager|coworker|co worker|colleague|neighbor|neighbour|parents?|"
    r"family|caregiver|carer|guardian|teacher|coach|pastor|priest|in laws?|father in law|mother in law|"
    r"man|lover|date|abuser|pimp|baby daddy|baby mama)|someone|somebody|some guy|a guy|a man|a woman|"
    r"this guy|this man|this woman|a stranger|strangers|people|a gang|the gang|cops?|police)"
)
MACROS["SUBJ3"] = (
    r"(?:he|she|they|my (?:\w+ )?(?:friend|bestie|bff|best friend|partner|husband|wife|boyfriend|girlfriend|bf|gf|"
    r"brother|sister|son|daughter|kid|child|teen|teenager|mom|mum|mother|dad|father|cousin|roommate|"
    r"flatmate|classmate|coworker|colleague|fiance|fiancee|ex|uncle|aunt|niece|nephew|grandson|"
    r"granddaughter|student|patient|client|neighbor|neighbour|spouse)|our (?:\w+ )?(?:son|daughter|kid|"
    r"child|friend)|(?:a |one of my |my )?(?:friend|friends) of mine|(?:someone|somebody|a friend|a person|"
    r"a family member|a loved one|my loved one) (?:i know|i love|close to me|in my family|at work|at school))"
)
MACROS["SUIC_ADJ"] = r"(?:s(?:ui|iu|u|ue|ua|uy|o)(?:c|s|sc|z)(?:i|u|y)?d(?:al|le|el|ial)\b|suicidal)"
MACROS["OD_NOT"] = (
    r"(?! on (?:\w+ )?(?:coffee|caffeine|sugar|chocolate|netflix|tv|anime|content|memes|candy|carbs|food|"
    r"cake|cookies|pizza|sweets|coffe|cofe|tea|energy drinks|vitamin c|sleep|love|kindness|information|news|"
    r"music|work|studying))"
)
MACROS["EOC"] = r"(?=\s*(?:[.?]|$))"  # end of clause
# Firm intent, for intent + method ("going to take all my pills", "want to overdose").
MACROS["STRONG_INTENT"] = (
    r"(?:want(?:s|ed)?(?: to)?|wanna|wana|going to|gonna|gon|about to|bout to|ready to|plan(?:s|ed|ing)? (?:to|on)|"
    r"decided to|thinking (?:about|of)|think about|tempted to|urges? to|feel like|should just|will just|"
    r"im just going to|might just|could just|wish i could|need to just|considering|contemplating|tonight i wil|"
    r"time to|im wil|il just)"
)
# What a method question asks about ("how many pills would it take to <LETHAL>").
MACROS["LETHAL"] = (
    r"(?:kil (?:me|<ME>|<YOURSELF>|<SELF3>|a (?:person|human|adult|man|woman|grown man)|you|someone|somebody|"
    r"one|people|u)|die|od|overdose|overdosing|be lethal|be fatal|be deadly|lethal|fatal|deadly|end it|"
    r"end (?:my|your|a|one s|ones|their) life|not wake up|never wake up|stop (?:my|your|the|a) heart|"
    r"put (?:me|you|someone) in a coma|commit suicide|be enough to (?:die|kil)|end it all|do it|"
    r"do the job|cause death|cause an overdose|be a fatal dose|be an overdose|kil an adult)"
)
# A word that is not a negation ("i have (no) suicidal thoughts").
MACROS["NOTNEG"] = r"(?:(?!(?:no|not|never|any|zero|without)\b)\w+ )"
# Objects of the ordinary verb "cut" ("cut back", "cut carbs", "cut the cord").
MACROS["CUT_OBJ"] = (
    r"(?: (?:back|down|out|off|costs?|corners|edge|board|ties|the|a|an|my hair|hair|carbs|sugar|calories|"
    r"class|classes|school|weight|grass|wood|paper|onions?|vegetables|meat|bread|through|up|it|them|him|"
    r"her|me|you|and pasting|remarks|words|tool|cake|expenses|spending|loose|across|into|in line|to the "
    r"chase|my losses|losses|the cord|coupons?|fabric|tiles|glass|wires?|a deal|deals))"
)

# Each key is a pattern for ONE word of the squeezed text (tested with fullmatch and cached per
# word). A rule runs only when one of its keys occurs, so keys may be generous but must never miss:
# the unit tests compare every case with and without this gating.
TRIGGERS: dict[str, str] = {
    # suicide, self-harm
    "kil": r"k[iy]?l\w*|kms|kys|kmn|murder\w*",
    "die": r"die|died|dies|dying|dead|death|deaths|skul|cofin|grave",
    "suic": r"s(?:ui|iu|u|ue|ua|uy|o)(?:c|s|sc|z)(?:i|u|y)?d\w*|sewer\w*|sudoku|sui|suey",
    "self": (
        r"(?:my|me|your|ur|yo|one|him|her|them|his|it|our)?s(?:el|le)(?:f|ves?|fs)\w*|"
        r"myslf|mysef|mysel|myelf|mself|mysefl"
    ),
    "unal": r"un|unaliv\w*",
    "end": r"end\w*",
    "live": r"live|lives|living|life|alive|exist\w*|here|born|around|earth|world|planet",
    "wake": r"wake|waking|woke|wakes|awake",
    "goon": r"go|going|keep|carry|continue|continuing|anymore|try|trying|pass",
    "neg": r"dont|not|never|longer|didnt|doesnt|cant|cannot|wont|no|nor",
    "beter": r"beter|happier|easier|without",
    "burden": r"burden|burdens",
    "reason": r"reason|reasons|point|purpose|use|motivation|wil|desire|wish",
    "cant": r"cant|cannot|cnt|unable|able",
    "tired": r"tired|sick|exhausted|weary",
    "done": r"done|finished|through",
    "give": r"give|giving|given|gave",
    "disap": r"disapear\w*|vanish\w*|evaporate|fade|erased|cease|nothing|forever|away|gone",
    "wish": r"wish\w*|hope|hoped|hoping|pray\w*|longing|yearn\w*|beg|begging|rather|sooner|deserve",
    "want": r"want\w*|wana|ned|neds|needed",
    "stop": r"stop|stops|stoped|stoping|over",
    "sleep": r"slep|asleep|slept|eyes",
    "care": r"care|cares|notice|mis|cry|remember|funeral|nobody|noone|one",
    "worth": (
        r"worth|worthles|pointles|meaningles|hopeles|unbearable|empty|curse|punishment|dark|torture|hel|over|"
        r"burden|much|hard|painful"
    ),
    "plan": (
        r"godbye\w*|farewel|notes?|leters?|afairs|belongings|posesions|plan\w*|bye|away|messages?|videos?|posts?|"
        r"texts?|emails?"
    ),
    "stash": r"stockpil\w*|hoard\w*|stash\w*|saving|saved|save|colect\w*|squirel\w*|acumulat\w*|hiding|enough",
    # overdose and poisoning
    "pill": r"<PILLS1>|dose|doses|dosage|dosed|botle|botles|pack|packet|box|blister|strip|mg|miligrams|grams|units",
    "quant": (
        r"al|whole|entire|ful|rest|handful|handfuls|lot|lots|ton|tons|bunch|many|much|enough|double|triple|twice|"
        r"extra|botle|botles|box|boxes|pack|packs|packet|packets|strip|strips|blister|blisters|jar|jars|container|"
        r"containers|dozen|dozens|hundred|hundreds|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
        r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
        r"[5-9]|[1-9]\d+"
    ),
    "take": (
        r"tok|taken|take|taking|takes|swalow\w*|downed|downing|down|poped|poping|pop|ate|eaten|eat|eating|"
        r"consumed|ingest\w*|inject\w*|snort\w*|chug\w*|overdosed|drank|drink|drinking|used|chewed|into|"
        r"sniffed|huffed|inhaled|sipped|mix|mixed|mixing|finished|shot|od"
    ),
    "poison": r"<POISONS1>|poison\w*|alcohol|vodka|whiskey|whisky|liquor|wine|gin|rum|tequila|jack|boze",
    "mix": r"mixed|mixing|combined|combining",
    "od": r"overdos\w*|od|oded|odd|oding|o",
    "lethal": r"lethal|fatal|deadly|toxic|toxicity",
    "much": r"many|much",
    "binge": r"binge\w*|binging",
    "vomit": r"vomit\w*|throw\w*|puke\w*|bring\w*",
    "bones": r"ribs|rib|ribcage|hip|hipbones|bones|colarbones|colar|spine|thigh",
    "skinny": r"skiny|thin|underweight|bony",
    "think": (
        r"thinking|think|thought|thoughts|thinkin|fantasi\w*|dream\w*|obses\w*|ruminat\w*|daydream\w*|imagin\w*|"
        r"plan\w*|consider\w*|contemplat\w*|research\w*|gogl\w*|lok\w*|search\w*"
    ),
    "lifeish": r"life|living|existence|everything|future|al|alive",
    "kid": (
        r"kid|kids|child|children|son|daughter|baby|toddler|friend|brother|sister|mom|mum|dad|mother|father|"
        r"husband|wife|partner|roomate|grandma|grandpa|boyfriend|girlfriend"
    ),
    "adj": (
        r"easiest|easy|easier|quickest|quick|quicker|fastest|fast|best|surest|sure|simplest|simple|most|painles|"
        r"painlesly|least|les|pain|fre|gentlest|gentle|peaceful|quiet|quietest|reliable|efective|eficient|"
        r"guaranteed|certain|clean|cleanest|humane|god|beter|fol|folproof|proof|sucesful|cheapest|cheap|instant|"
        r"acting|proper|right|corect|safest|mesy|surefire|fire"
    ),
    "enough": r"enough",
    "double": r"twice|times|mistake|acident|double|triple|extra|doubled",
    # methods and places
    "hang": r"hang\w*|hung|noze|rope|ropes|ligature|neck",
    "jump": r"jump\w*|leap|leaping",
    "method": (
        r"drown\w*|sufocat\w*|strangl\w*|electrocut\w*|asphyxiat\w*|smother\w*|stab\w*|shot\w*|shot|gas|gasing|"
        r"hang\w*|bled|bleding|slit\w*|gunshot|monoxide|overdos\w*|dying|jumping|cuting"
    ),
    "place": (
        r"bridge|building|rof|roftop|clif|balcony|window|train|bus|car|truck|ledge|overpas|parking|tower|"
        r"highway|freway|motorway|trafic|subway|metro|tracks|railway|railroad|skyscraper|high|rise|highrise|"
        r"river|lake|sea|ocean|dam|waterfal|flor|story|storey|edge|lory|tre|wal|pole|platform|garage|"
        r"height|tal|far|deep|strong"
    ),
    "weapon": (
        r"gun|guns|gunshot|pistol|revolver|rifle|shotgun|barel|knife|knives|blade|blades|razor|razors|brains|"
        r"scisors|lighter|glas|cuter|firearm|bulet|bulets|exit|bag|helium|monoxide|exhaust|charcoal|noze|"
        r"hose|compas|sharpener|blow|belt|cord|cable|scarf|ligature|rope|engine"
    ),
    "cut": (
        r"cut|cuts|cuting|cuter|slit\w*|slic\w*|slash\w*|carv\w*|scar|scars|scaring|wrists?|veins?|"
        r"arter\w*|throat|throats|thighs?|gash\w*|arms?|forearms?|skin|legs?|stomach|bely|hips?|ankles?|"
        r"hack\w*|open\w*|jugular|flesh|body"
    ),
    "harm": (
        r"harm\w*|hurt\w*|injur\w*|burn\w*|starv\w*|purg\w*|mutilat\w*|punish\w*|scratch\w*|bruis\w*|"
        r"relaps\w*|sh|blod\w*|bite|biting|clean|sober|fre|hide|hiding|hid|marks|welts|physical"
    ),
    "ed": (
        r"starv\w*|purg\w*|calories|cals|kcal|thinspo\w*|meanspo|bonespo|pro|proana|promia|ana|mia|"
        r"laxatives?|throw|throwing|threw|vomit\w*|puke|puking|eating|eat|eaten|ate|fod|meals?|binge\w*|"
        r"binging|restrict\w*|sick|gag|anorexi\w*|bulimi\w*|ribs|ribcage|rib|hip|hipbones|bones|colarbones|"
        r"spine|skiny|thin|underweight|bony|thigh|ed"
    ),
    # violence and abuse
    "abuse": (
        r"hit|hits|hiting|beat|beats|beating|beaten|punch\w*|kick\w*|slap\w*|chok\w*|strangl\w*|hurt\w*|"
        r"abus\w*|rape\w*|raping|asault\w*|molest\w*|atack\w*|threat\w*|stalk\w*|shov\w*|push\w*|"
        r"burn\w*|grab\w*|bruis\w*|forc\w*|touch\w*|drug\w*|tied|ties|lock\w*|trap\w*|smack\w*|throw\w*|"
        r"threw|spit|spat|spits|bites|pined|pins|strike\w*|struck|whip\w*|belt\w*|bater\w*|teror\w*|"
        r"tortur\w*|kil\w*|murder\w*|shot\w*|stab\w*|poison\w*|drown\w*|smother\w*|harm\w*|cut|dragged|"
        r"drags|isolates|controls|punish\w*|kidnap\w*|run|ran"
    ),
    "fear": r"safe|unsafe|safety|scared|afraid|terified|frightened|fear\w*",
    "violent": r"abusive|violent|violence|domestic|dangerous|controling",
    "victim": (
        r"abused|hit|beaten|beat|raped|asaulted|molested|atacked|stabed|shot|strangled|choked|threatened|"
        r"stalked|traficked|kidnaped|hostage|captive|muged|jumped|gromed|drugged|punched|kicked|slaped|"
        r"roofied|spiked|hurt|touched"
    ),
    "follow": (
        r"folow\w*|stalk\w*|watching|outside|break\w*|broke|intruder|burglar|held|holding|kidnap\w*|"
        r"trafick\w*|hostage|captive|prisoner|leave|locked|lock|pointing|pointed|gun|knife|came|banging|threaten\w*"
    ),
    # medical emergencies
    "chest": r"chest",
    "breath": r"breath\w*|air",
    "chok": r"chok\w*",
    "attack": (
        r"atack|arest|stroke|seizure|seizures|fit|anaphyla\w*|alergic|reaction|coma|shock|heatstroke|syndrome|"
        r"episode|asthma"
    ),
    "panic": r"panic",
    "seize": r"seizing|convulsing|fiting|shaking|twitching|foaming",
    "faint": r"colaps\w*|fainted|faint|pased|pasing|pass|blacked|limp|keeled|lost|consciousnes|hit",
    "uncon": r"unconscious|unresponsive|lifeles|conscious|consciousnes",
    "pulse": r"responding|pulse|heartbeat|heart",
    "blue": r"blue|purple|grey|gray|lips",
    "bleed": r"bled\w*|bleding|blod",
    "swell": r"swel\w*|swolen|closing|tight|blowing",
    "stroke": r"droping|dropy|lopsided|slured|sluring|numb\w*|headache",
    "amb": r"ambulance|911|999|112|000|paramedics?|emergency|doctor",
    "dying": r"dying",
    "accident": r"hit|acident|crash|stairs|neck|injury|electrocuted|burns|fire",
    # method-seeking questions
    "way": (
        r"way|ways|method|methods|means|option|options|technique|techniques|place|places|spot|spots|location|"
        r"route|exit|drug|drugs|pils|pil|poison|dose|bridge|building|height|city|country|state|clif|how|tips|"
        r"instructions|guide|steps|tutorial|advice"
    ),
    "slang": r"comit\w*|sudoku|toaster|delete\w*|yet\w*|ctb|rope|neck|sewer\w*|sepuku|harakiri|hara|kiri|hero",
}
# one word of each pill name, leaving out generic words ("sleeping", "pain", "blood", "anti")
MACROS["PILLS1"] = "|".join(
    w for w in MACROS["PILLS"][3:-1].replace(" ?", "|").replace(" ", "|").split("|")
    if w not in {"sleeping", "sleep(?:ing)?", "aids?", "pain", "blood", "beta", "iron", "anti", "sleepers"}
)
MACROS["POISONS1"] = (
    r"bleach|antifreze|anti|freze|rat|poison|pesticides?|insecticides?|wedkiler|weed|kil|herbicides?|"
    r"detergent|laundry|pods?|tide|dishwasher|drain|oven|toilet|cleaner|lye|amonia|cleaning|windshield|"
    r"methanol|lighter|fluid|gasoline|petrol|kerosene|paint|thiner|nail|polish|acetone|sanitizer|bateries|"
    r"batery|button|magnets|mercury|cyanide|arsenic|strychnine|sodium|nitrite|rubing|isopropyl|hydrogen|"
    r"peroxide|chlorine|mushrooms|poisonous|toxic|chemicals"
)
