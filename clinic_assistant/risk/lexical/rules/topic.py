"""Rules: the topic itself, named without saying more."""
from __future__ import annotations

from clinic_assistant.risk.lexical.rules.spec import MEDIUM, O, S, rule
from clinic_assistant.risk.lexical.types import RiskLevel

RULES = (
    # Naming suicide, self-harm or an eating disorder is RISK by default: people who live with it
    # talk about it in every tone ("I started self harming at 12", "SH is the lesser evil"). It is
    # MENTION only when the framing says topic: a question about others with no first person in it
    # ("why do people self-harm?"), a definition, a treatment question, a negation, prevention
    # vocabulary. Overdose as a word stays MENTION ("can you overdose on ketamine?").
    rule(S, MEDIUM, "suic self kil unal end cut ed die live",
         r"\b(?:<SUIC>|<SELFHARM>|kil\w* (?:<ANYSELF>|oneself)|unaliv\w*|(?:took|take|taking|end|ended|ending) "
         r"(?:his|her|their|your|one s|ones) (?:own )?li(?:fe|ves)|eating disorders?|anorexi\w*|bulimi\w*|"
         r"cutting <ANYSELF>|death wish|end it all|want to die|wanting to die)",
         neg=True, topic=True),
    rule(O, MEDIUM, "od poison lethal",
         r"\b(?:overdos\w*|(?:od|o d)(?= on))\b<OD_NOT>|\b(?:od ing|poisoning|poisoned|lethal|toxic dose|toxicity)\b",
         level=RiskLevel.MENTION),
)
