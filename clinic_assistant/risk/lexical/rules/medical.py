"""Rules: medical emergencies (the visitor or someone with them)."""
from __future__ import annotations

from clinic_assistant.risk.lexical.rules.spec import HIGH, MED, MEDIUM, rule

RULES = (
    # Chest pain and breathing trouble count whatever the context: in an anxiety clinic they are
    # often panic symptoms, but 911 first is the right answer when in doubt. Negated ("no chest
    # pain") is MENTION.
    rule(MED, HIGH, "chest",
         r"\bchest (?:<ADV>)(?:pain|pains|hurts?|hurting|is hurting|ache|aches|aching|tightness|tight|tightening|"
         r"pressure|discomfort|is tight|feels tight|feels heavy|is heavy|heaviness|is burning|burning|squeezing|"
         r"is killing me|is on fire|feels like (?:it s|its|it is) (?:being )?(?:crushed|squeezed|exploding|on fire)|"
         r"is caving in|feels crushed|is pounding and|pains)\b", neg=True),
    rule(MED, HIGH, "chest",
         r"\b(?:pain|pains|pressure|tightness|squeezing|crushing|heaviness|stabbing|sharp pain|weight|elephant|"
         r"burning|ache) (?:\w+ )?(?:in|on|across|through) (?:my|the|his|her|their) (?:left )?chest\b", neg=True),
    rule(MED, HIGH, "breath",
         r"\b(?:cant|can not|cannot|cnt|couldnt|could not|unable to|hard to|harder to|struggling to|struggle to|"
         r"trouble|difficulty|difficult to|hard time|not able to|barely|can hardly|can barely|cant really|"
         r"fighting to|gasping for|fighting for|hard for me to|labou?red|problems?|issues?) (?:<ADV>)(?:\w+ )?"
         r"(?:breathe|breath|breathing|catch my breath|get (?:enough |any )?air|get a breath|swallow and "
         r"breathe)\b(?! (?:exercises?|techniques?|apps?|through (?:it|the)|slowly|deeply|in for))", neg=True),
    rule(MED, HIGH, "breath",
         r"\b(?:not|isnt|is not|stopped|has stopped|wont start|no longer|arent|aren t|barely|hardly|cant hear "
         r"(?:him|her|them)) breathing\b(?! (?:exercises?|techniques?|properly through|right during))"),
    rule(MED, HIGH, "breath",
         r"\b(?:im|i am|i m|feel|feeling|getting|got|very|really|so|suddenly) (?:<ADV>)(?:very |really |so |"
         r"extremely |severely |suddenly )?short of breath\b", neg=True),
    rule(MED, HIGH, "chok",
         r"\b(?:choking|choked|chokes)\b(?! (?:up|back|hazards?|on (?:my|the|his|her) words|me|her|him|them|"
         r"you|us|my|out|down|sensation|feeling))", neg=True),
    rule(MED, HIGH, "attack",
         r"\b(?:having|had|has|is having|s having|am having|think im having|think i m having|think i am having|"
         r"going into|went into|in|into|i think i m having|might be having|may be having|probably having|"
         r"just had|suffering) (?:a |an |another )?(?:heart attack|cardiac arrest|stroke|seizure|seizures|fit|"
         r"anaphylactic (?:shock|reaction)|anaphylaxis|allergic reaction|severe allergic reaction|diabetic "
         r"(?:coma|shock)|asthma attack|heatstroke|heat stroke|hypoglycemic (?:attack|episode)|"
         r"serotonin syndrome)\b(?! (?:\w+ ){0,3}(?:ago|in \d+|last (?:year|month|week)|years|before|as a "
         r"(?:child|kid)|when i was|history|in the past))", neg=True),
    rule(MED, MEDIUM, "panic",
         r"\b(?:im|i am|i m|i think im|i think i am|i think i m|think im|having|currently|right now i m|"
         r"right now im|i keep) (?:<ADV>)(?:having )?(?:a |an )?(?:massive |huge |bad |severe |big |major |"
         r"full blown |really bad |terrible |intense |another )?panic attack(?!s)\b"
         r"(?! (?:when|if|while|during|every|whenever|ago|last|yesterday))", neg=True),
    rule(MED, HIGH, "seize",
         r"\b(?:is|s|are|started|keeps|keep|been|im|i m|i am|he s|she s|theyre|they re|hes|shes|currently|"
         r"suddenly) (?:<ADV>)(?:seizing|convulsing|fitting|shaking uncontrollably and|twitching and|foaming)\b"
         r"(?! up)|\bfoaming at the mouth\b", neg=True),
    rule(MED, HIGH, "faint",
         r"\b(?:he|she|they|i|someone|somebody|my \w+|friend|\w+ just|and|then|just|has|have|he s|she s|hes|"
         r"shes|ive|i ve|i just|suddenly) (?!(?:nearly|almost|practically|kinda|kind of) )"
         r"(?:<ADV>)(?:just |suddenly )?(?:collapsed|fainted|passed out|blacked "
         r"out|went limp|keeled over|lost consciousness|hit (?:his|her|their|my) head and)\b"
         r"(?! (?:\w+ ){0,2}(?:flyers|papers|leaflets|forms|cards|drunk|from drinking|years ago|as a kid|"
         r"once as))", neg=True),
    rule(MED, HIGH, "uncon",
         r"\b(?:unconscious|unresponsive|lifeless|not conscious|barely conscious|in and out of consciousness|"
         r"losing consciousness)\b(?! (?:mind|bias|biases|thoughts?|processes|fears?|desires?|level|patterns?|"
         r"sedation))", neg=True),
    rule(MED, HIGH, "wake",
         r"\b(?:wont|will not|cant|can not|cannot|isnt|is not|not|doesnt|does not|didnt|couldnt|unable to|"
         r"trying to|tried to|can t) (?:<ADV>)(?:wake (?:him|her|them|my \w+|\w+) up|waking up|wake up|"
         r"wake|get (?:him|her|them) to (?:wake up|respond))\b(?! (?:early|on time|in time|for|before|at \d|"
         r"in the morning|on my own|without|easily|refreshed|rested|from (?:the )?(?:anesthesia|anaesthesia|"
         r"infusion|sedation|ketamine)|after (?:the )?(?:infusion|treatment|session)|feeling|tired|till|until|"
         r"with))", neg=False),
    rule(MED, HIGH, "pulse",
         r"\b(?:not|isnt|is not|stopped) responding(?=\s*(?:[.?]|$| to (?:me|us|anything|voice|touch|my voice|"
         r"shaking|pain)| and))|\bno pulse\b|\bno heartbeat\b|\bheart (?:has )?stopped\b|\bhas no pulse\b"),
    rule(MED, HIGH, "blue",
         r"\b(?:turning|turned|going|gone|is|are|looks?|face is|lips are) (?:<ADV>)(?:blue|purple|grey|gray)\b"
         r"(?! (?:in the face from|eyes|hair|shirt|dress))|\b(?:blue|purple) lips\b"),
    rule(MED, HIGH, "bleed",
         r"\b(?:bleeding|bleed|bled) (?:<ADV>)(?:a lot|heavily|badly|profusely|out|everywhere|so much|too much|"
         r"like crazy|nonstop|non stop|and it wont stop|that wont stop|to death|through|all over|really bad|"
         r"uncontrollably)\b|\b(?:wont|cant|doesnt|will not|can not|cannot|does not|isnt|is not|wouldnt)"
         r" (?:<ADV>)stop (?:the )?bleeding\b|\blosing (?:a lot of |so much |too much |lots of )?blood\b|"
         r"\b(?:lot|lots|pool|puddle) of blood\b"),
    rule(MED, HIGH, "swell",
         r"\b(?:throat|tongue|lips?|face|airway|mouth) (?:is |are |feels |s |keeps )?(?:<ADV>)(?:swelling|swollen|"
         r"closing|closing up|tight and|blowing up)\b"),
    rule(MED, HIGH, "stroke cant",
         r"\b(?:face|mouth|smile) (?:is |s )?(?:<ADV>)(?:drooping|droopy|numb on one side|lopsided)\b|\bslurr(?:ed|ing)"
         r" (?:<ADV>)(?:speech|words|my words|his words|her words|their words)\b|\b(?:cant|can not|cannot|"
         r"suddenly cant) (?:<ADV>)(?:move|feel|lift) (?:my|his|her) (?:left |right )?(?:arm|leg|side|face|hand)\b"
         r"(?! (?:from|after|because|when))|\bnumb(?:ness)? (?:on|in|down) (?:one side|my left side|my right side|"
         r"the left side|the right side|half my)\b|\b(?:worst|thunderclap|explosive) headache (?:of my life|"
         r"ever|ive ever had|i ve ever had|i have ever had)?\b|\bsudden (?:severe|excruciating|blinding) headache\b"),
    rule(MED, HIGH, "amb",
         r"\b(?:call|calling|get|need|send|sending) (?:me |us |him |her )?(?:an? )?ambulance\b|"
         r"\b(?:call|calling|called|dial|dialing|dialed|phone|ring|should i call|do i call) (?:911|999|112|000|an "
         r"ambulance|emergency services|the paramedics|paramedics)\b|\bneed (?:an? )?(?:paramedics?|"
         r"emergency help|urgent help|medical help (?:now|right now|asap|immediately)|a doctor (?:now|right now|"
         r"asap|immediately))\b|\b(?:this is|its|it is|having|i have|we have|there s|theres|got) (?:a |an )"
         r"(?:medical )?emergency\b"),
    rule(MED, MEDIUM, "dying",
         r"\b(?:im|i am|i m|i think im|i feel like im|feels like im|i think i am|i feel like i am|i feel like i m|"
         r"i think i m|think im|pretty sure im|i might be|might be) (?:<ADV>)dying\b(?! (?:to|for|of|inside|"
         r"laughing|here|lol|lmao|haha\w*|from (?:cringe|embarrassment|laughter)|over|at|with|in (?:here|this)))",
         neg=True),
    rule(MED, MEDIUM, "die faint breath attack",
         r"\bfeel(?:s|ing)? like (?:im|i am|i m|i|i d|id) (?:<ADV>)(?:going to|gonna|about to|will|wil|could|might)"
         r" (?:<ADV>)(?:die|pass out|faint|have a heart attack|stop breathing|collapse)\b", neg=True),
    rule(MED, HIGH, "accident",
         r"\b(?:hit by a car|got hit by a car|was hit by a car|car accident|car crash|fell down the stairs and|"
         r"hit my head and|broken neck|head injury and|electrocuted|severe burns|house is on fire|caught fire and)\b"
         r"(?! (?:years|last year|as a kid|when i was))"),
)
