"""The Spanish risk rules (spanish_rules.yml): what they find, and the idioms they leave alone."""
from __future__ import annotations

import pytest

from clinic_assistant.risk.assessment import Level, assess_message
from clinic_assistant.risk.spanish import assess_spanish


@pytest.mark.parametrize(
    "text,situation",
    [
        ("nadie me extrañaría si me muero", "suicide"),
        ("ojalá no despierte mañana", "suicide"),
        ("esta es mi última noche, ya lo decidí", "suicide"),
        ("estoy en el puente ahorita viendo el agua", "suicide"),
        ("si me pasa algo, la contraseña de mis cuentas está en la libreta", "suicide"),
        ("escondí las cuchillas en la funda de la almohada", "self_harm"),
        ("me corté otra vez", "self_harm"),
        ("me tomé mis pastillas pero tres veces la dosis", "overdose"),
        ("me tomé toda la caja", "overdose"),
        ("mi tío le pega a mi primita con el cinturón", "abuse"),
        ("mi mamá no puede hablar y tiene la cara chueca", "medical"),
        ("ayer conseguí una soga", "suicide"),
        ("estoy juntando mis pastillas para cuando ya no aguante", "suicide"),
        ("ya hice el nudo, está en el garaje", "suicide"),
        ("cuántas pastillas de tylenol son mortales", "suicide"),
        ("de esta noche no paso", "suicide"),
        ("les haría un favor si me muero", "suicide"),
        ("díganle a mi hermano que lo quise mucho", "suicide"),
        ("me quemo con el cigarro para no sentir", "self_harm"),
        ("me tomé la presión y marca 210/115, veo todo borroso", "medical"),
    ],
)
def test_spanish_risk_is_found(text, situation):
    hit = assess_spanish(text)
    assert hit is not None and hit.situation == situation


@pytest.mark.parametrize(
    "text",
    [
        "me corté el pelo bien cortito, quedé como pollito jaja",
        "me corté el dedo picando cebolla",
        "ay sí, ahorita me corto las venas con galletas de animalitos",
        "me quiero morir de la vergüenza, le mandé el audio a mi jefe",
        "tomé las pastillas para la presión como me dijo el doctor",
        "estoy en el puente de brooklyn tomando fotos",
        "me muero de hambre, ¿a qué hora abren?",
        "me estoy muriendo de risa con tu mensaje",
        "guardo las pastillas en el botiquín del baño",
        "estoy practicando el nudo de la corbata para la boda",
        "de este mes no llego a fin de mes con la renta",
        "me quemé con la plancha ayer",
        "díganle a la doctora que la quiero mucho",
        "¿cuál es la dosis letal de ketamina?",
        "tengo la presión en 120/80",
    ],
)
def test_spanish_idioms_and_everyday_talk_are_not_risk(text):
    assert assess_spanish(text) is None


def test_spanish_the_language_detector_is_unsure_of_still_gets_the_spanish_crisis_reply():
    # Lingua gives this Spanish 0.83, under the 0.85 a message needs to count as Spanish.
    risk = assess_message("esta es mi ultima noche, ya lo decidí", None, None)
    assert risk.level is Level.RISK and risk.language == "es"
