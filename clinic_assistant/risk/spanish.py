"""The lexical risk signal for messages in Spanish.

A short list of the ways Spanish speakers say they want to die, hurt themselves, took too much,
or are being hurt, read after lower-casing and removing accents ("matarme", "quitarme la vida",
"ya no quiero vivir"). The semantic classifier, trained with Spanish examples too, is the other
signal; either one is enough for the crisis reply. Idioms with the same words ("me muero de
risa", "este tráfico me mata") are removed before the patterns run. Every pattern is a plain
regular expression without nested repetition, so the cost is linear in the text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_CHARS = 5000


@dataclass(frozen=True)
class SpanishRule:
    name: str
    situation: str  # suicide | self_harm | overdose | abuse | medical | third_party
    severity: str  # "high" (plan, means, time, an act) or "medium"
    pattern: str


RULES = (
    SpanishRule("deseo de morir", "suicide", "medium",
                r"\b(?:quiero|quisiera|deseo|ganas de|me gustaria) (?:\w+ )?(?:morir(?:me)?|estar muert[oa]|desaparecer para siempre|"
                r"no despertar|dormir para siempre|dejar de existir)\b"),
    SpanishRule("mejor no despertar", "suicide", "medium",
                r"\b(?:seria|sera|es) mejor (?:no despertar(?:me)?|estar muert[oa]|no existir|desaparecer|morir(?:me)?|"
                r"no estar aqui|no haber nacido)\b"),
    SpanishRule("no quiero vivir", "suicide", "medium",
                r"\b(?:ya )?no (?:quiero|aguanto|puedo) (?:seguir )?(?:vivi(?:r|endo)|existir|seguir con vida|seguir aqui)\b"),
    SpanishRule("matarme", "suicide", "high",
                r"\b(?:matarme|me voy a matar|me quiero matar|me mato|suicidarme|me voy a suicidar|quitarme la vida|"
                r"acabar con mi vida|terminar con mi vida|acabar con todo|quitarme de en medio)\b"),
    SpanishRule("suicida", "suicide", "medium", r"\b(?:pensamientos suicidas|soy suicida|me siento suicida|estoy suicida)\b"),
    SpanishRule("plan", "suicide", "high",
                r"\b(?:ya tengo (?:la|el|las|un|una) (?:soga|cuerda|pistola|arma|pastillas|navaja|plan)|"
                r"carta de despedida|cartas de despedida|me voy a tirar (?:del|de un|al|de la)|"
                r"colgarme|ahorcarme|tirarme (?:del|de un|al|de la|por)|pegarme un tiro|esta noche (?:me mato|lo hago|acabo))\b"),
    SpanishRule("mejor sin mi", "suicide", "medium",
                r"\b(?:estarian|estaran|estarían|estarán|vivirian) mejor sin mi\b|\bsoy una carga para (?:todos|mi familia)\b"),
    SpanishRule("autolesion", "self_harm", "medium",
                r"\b(?:cortarme|me corto|me corte|me he cortado|me hago dano|hacerme dano|lastimarme|me lastimo|"
                r"quemarme|me quemo|autolesion\w*)\b"),
    SpanishRule("sobredosis", "overdose", "high",
                r"\b(?:me tome|me he tomado|tome|tomé|me trague) (?:\w+ ){0,3}(?:pastillas|el frasco|la caja|todas mis)\b|"
                r"\bsobredosis\b(?! de (?:ketamina|la ketamina))"),
    SpanishRule("violencia", "abuse", "high",
                r"\b(?:mi (?:esposo|marido|pareja|novio|esposa|novia|padrastro|papa|padre|ex)|el|ella) (?:me )?"
                r"(?:pega|golpea|golpeo|pego|amenaza|amenazo|viola|violo|ahorca|ahorco|quiere matarme|va a matarme)\b|"
                r"\btengo miedo de (?:volver a casa|mi (?:esposo|marido|pareja|novio|padrastro|papa|padre|ex))\b|"
                r"\bme (?:violaron|golpearon|pegaron|amenazaron)\b|\bno estoy a salvo\b|\bno estoy segur[oa] en (?:mi )?casa\b"),
    SpanishRule("emergencia", "medical", "high",
                r"\bno puedo respirar\b|\bdolor (?:fuerte )?(?:en el|de) pecho\b|\b(?:no responde|esta inconsciente|"
                r"se desmayo|no despierta)\b"),
    SpanishRule("otra persona", "third_party", "medium",
                r"\bmi (?:hij[oa]|herman[oa]|amig[oa]|mama|papa|madre|padre|pareja|esposo|esposa) "
                r"(?:dice que )?(?:se quiere (?:matar|morir|suicidar)|quiere (?:morir|matarse|suicidarse)|se corta|"
                r"se intento (?:matar|suicidar))\b"),
)

# Idioms blanked out before the rules run: they use the rule words without any danger.
IDIOMS = re.compile(
    r"\bme muero (?:de|por) (?:risa|hambre|ganas|sueno|frio|calor|verguenza|amor|curiosidad|aburrimiento|sed)\b|"
    r"\b(?:me|nos) mata(?:n)? (?:el|la|los|las|este|esta|de) \w+|\bmatar el tiempo\b|\bmuert[oa] de (?:cansancio|risa|hambre|sueno|miedo|frio)\b"
)

_COMPILED = tuple((rule, re.compile(rule.pattern)) for rule in RULES)
_NOT_LETTERS = re.compile(r"[^a-z0-9ñ ]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class SpanishHit:
    situation: str
    severity: str
    evidence: tuple[str, ...]


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", (text or "")[:MAX_CHARS].lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", _NOT_LETTERS.sub(" ", plain)).strip()


def assess_spanish(text: str) -> SpanishHit | None:
    """The most severe Spanish risk rule the message matches, or None."""
    norm = IDIOMS.sub(" ", normalise(text))
    hits = [(rule, m.group(0)) for rule, rx in _COMPILED if (m := rx.search(norm))]
    if not hits:
        return None
    best = min(hits, key=lambda hit: hit[0].severity != "high")[0]
    return SpanishHit(best.situation, best.severity, tuple(evidence for _, evidence in hits))
